package dev.ondeck.adb.virtual;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code shell,v2,...:CMD} (packets: 0 stdin, 1 stdout, 2 stderr, 3 exit, 4 close-stdin), and the raw
 * {@code shell:CMD} / {@code exec:CMD} streams. Runs one command line of {@link ShellCommands}; with v2 it
 * sends the exit packet, and the stream is closed after it, as the adb client needs.
 */
final class ShellService implements DeviceService {
    private final ShellCommands commands;
    private final String commandLine;
    private final boolean v2;

    ShellService(ShellCommands commands, String commandLine, boolean v2) {
        this.commands = commands;
        this.commandLine = commandLine;
        this.v2 = v2;
    }

    @Override
    public void serve(DeviceStream stream) throws IOException {
        OutputStream raw = new BufferedOutputStream(stream.out(), 64 * 1024);
        if (!v2) {
            int ignored = commands.run(commandLine, stream.in(), new Flushing(raw), new Flushing(raw), stream);
            raw.flush();
            return;
        }
        Object lock = new Object();
        OutputStream stdout = new PacketOut(raw, 1, lock);
        OutputStream stderr = new PacketOut(raw, 2, lock);
        int exit = commands.run(commandLine, new PacketIn(stream.in()), stdout, stderr, stream);
        synchronized (lock) {
            raw.write(new byte[] {3, 1, 0, 0, 0, (byte) exit});
            raw.flush();
        }
    }

    /** Flushes after each write so a raw stream shows output as it comes. */
    private static final class Flushing extends OutputStream {
        private final OutputStream out;

        Flushing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (out) {
                out.write(b, off, len);
                out.flush();
            }
        }
    }

    /** Writes each chunk as one shell v2 packet of the given id. */
    private static final class PacketOut extends OutputStream {
        private final OutputStream out;
        private final int id;
        private final Object lock;

        PacketOut(OutputStream out, int id, Object lock) {
            this.out = out;
            this.id = id;
            this.lock = lock;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            synchronized (lock) {
                out.write(new byte[] {(byte) id, (byte) len, (byte) (len >>> 8), (byte) (len >>> 16), (byte) (len >>> 24)});
                out.write(b, off, len);
                out.flush();
            }
        }
    }

    /** The stdin packets' data; EOF at close-stdin or when the stream ends. */
    private static final class PacketIn extends InputStream {
        private final DataInputStream in;
        private int left;
        private boolean eof;

        PacketIn(InputStream in) {
            this.in = new DataInputStream(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (left == 0 && !eof) {
                try {
                    int id = in.readUnsignedByte();
                    int n = Integer.reverseBytes(in.readInt());
                    if (id == 0) {
                        left = n;
                    } else {
                        in.skipBytes(n);
                        eof = id == 4;
                    }
                } catch (EOFException e) {
                    eof = true;
                }
            }
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n < 0) {
                eof = true;
                left = 0;
                return -1;
            }
            left -= n;
            return n;
        }
    }
}
