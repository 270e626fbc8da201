package dev.ondeck.kernel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** {@code System.in} for cells: each time it runs dry it asks its {@link InputSource} for another line. */
public final class StdinStream extends InputStream {
    private final InputSource source;
    private byte[] line = new byte[0];
    private int pos;

    /** Reads lines from {@code source}. */
    public StdinStream(InputSource source) {
        this.source = source;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - pos;
    }

    /** Drops any unread input (called between cells). */
    public synchronized void reset() {
        line = new byte[0];
        pos = 0;
    }

    private boolean fill() throws IOException {
        if (pos < line.length) {
            return true;
        }
        String text = source.readLine("", false);
        if (text == null) {
            return false;
        }
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
