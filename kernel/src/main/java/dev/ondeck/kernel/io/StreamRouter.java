package dev.ondeck.kernel.io;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An {@link OutputStream} that decodes UTF-8 and forwards text to a {@link TextSink} on every write, holding back
 * only the bytes of a character split across writes.
 */
public final class StreamRouter extends OutputStream {
    private final TextSink sink;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Routes to {@code sink}. */
    public StreamRouter(TextSink sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        forward();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        forward();
    }

    private void forward() {
        byte[] bytes = pending.toByteArray();
        int complete = completePrefix(bytes);
        if (complete == 0) {
            return;
        }
        sink.write(new String(bytes, 0, complete, StandardCharsets.UTF_8));
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    private static int completePrefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xff;
            if ((c & 0xc0) == 0x80) {
                continue;
            }
            int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
