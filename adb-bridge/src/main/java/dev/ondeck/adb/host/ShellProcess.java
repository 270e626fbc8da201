package dev.ondeck.adb.host;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A running shell v2 command. Packets are {@code u8 id, u32le length, data}: 0 stdin, 1 stdout, 2 stderr,
 * 3 exit, 4 close-stdin. {@link #stdout()} demultiplexes in the reading thread: stderr is collected aside
 * and the exit code recorded; EOF before an exit packet means the device was lost.
 */
public final class ShellProcess implements Closeable {
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int EXIT = 3;
    private static final int CLOSE_STDIN = 4;
    private static final int MAX_PACKET = 32 * 1024;
    private final String serial;
    private final String command;
    private final AdbSocket socket;
    private final DataInputStream in;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final InputStream stdout = new Stdout();
    private final OutputStream stdin = new Stdin();
    private byte[] pending = new byte[0];
    private int pendingPos;
    private int exitCode = -1;
    private boolean ended;

    ShellProcess(String serial, String command, AdbSocket socket) {
        this.serial = serial;
        this.command = command;
        this.socket = socket;
        this.in = socket.in();
    }

    /** The command's stdout; read it from one thread. Ends at the exit packet. */
    public InputStream stdout() {
        return stdout;
    }

    /** The command's stdin (each write is one packet). */
    public OutputStream stdin() {
        return stdin;
    }

    /** Signals end of input to the command. */
    public void closeStdin() throws IOException {
        writePacket(CLOSE_STDIN, new byte[0], 0, 0);
    }

    /** What the command wrote to stderr so far. */
    public synchronized String stderrText() {
        return stderr.toString();
    }

    /** The exit code, or -1 while running. */
    public int exitCode() {
        return exitCode;
    }

    /** Bounds each wait for the command's output, in ms (0: no bound); a wait that runs out is a lost device. */
    public void setReadTimeout(int millis) throws IOException {
        socket.setTimeout(millis);
    }

    /** Reads until exit and returns everything. */
    public ShellResult collect() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = stdout.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        synchronized (this) {
            return new ShellResult(out.toByteArray(), stderr.toByteArray(), exitCode);
        }
    }

    private synchronized void writePacket(int id, byte[] b, int off, int len) throws IOException {
        OutputStream out = socket.out();
        out.write(id);
        out.write(len & 0xff);
        out.write((len >>> 8) & 0xff);
        out.write((len >>> 16) & 0xff);
        out.write((len >>> 24) & 0xff);
        out.write(b, off, len);
        out.flush();
    }

    /** Reads packets until stdout data or the end; returns false at the end. */
    private boolean fill() throws IOException {
        while (!ended) {
            int id;
            int len;
            try {
                id = in.read();
                if (id < 0) {
                    throw new EOFException("stream closed before the exit packet");
                }
                len = Integer.reverseBytes(in.readInt());
            } catch (IOException e) {
                ended = true;
                throw new DeviceLostException(serial, "shell " + command, e);
            }
            byte[] data = new byte[len];
            try {
                in.readFully(data);
            } catch (IOException e) {
                ended = true;
                throw new DeviceLostException(serial, "shell " + command, e);
            }
            if (id == STDOUT) {
                pending = data;
                pendingPos = 0;
                return true;
            } else if (id == STDERR) {
                synchronized (this) {
                    stderr.write(data, 0, len);
                }
            } else if (id == EXIT) {
                exitCode = len > 0 ? data[0] & 0xff : 0;
                ended = true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private final class Stdout extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pendingPos >= pending.length) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, pending.length - pendingPos);
            System.arraycopy(pending, pendingPos, b, off, n);
            pendingPos += n;
            return n;
        }
    }

    private final class Stdin extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                for (int done = 0; done < len; done += MAX_PACKET) {
                    writePacket(STDIN, b, off + done, Math.min(MAX_PACKET, len - done));
                }
            } catch (IOException e) {
                throw new DeviceLostException(serial, "shell " + command + " (stdin)", e);
            }
        }
    }
}
