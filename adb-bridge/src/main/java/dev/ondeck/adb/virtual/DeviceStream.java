package dev.ondeck.adb.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * One adb stream on the device side. Inbound WRTE payloads queue for {@link #in()}; {@link #out()} splits
 * writes into WRTE packets of at most maxdata bytes and keeps one in flight, waiting for the host's OKAY.
 */
final class DeviceStream {
    private static final byte[] EOF = new byte[0];
    final int localId;
    final int remoteId;
    private final Transport transport;
    private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private final Semaphore writePermit = new Semaphore(1);
    private volatile boolean closed;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    DeviceStream(Transport transport, int localId, int remoteId) {
        this.transport = transport;
        this.localId = localId;
        this.remoteId = remoteId;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    boolean isClosed() {
        return closed;
    }

    void received(byte[] data) {
        inbound.add(data);
    }

    void acknowledged() {
        writePermit.release();
    }

    /** The host closed the stream (or the transport died): wake up readers and writers. */
    void remoteClosed() {
        closed = true;
        inbound.add(EOF);
        writePermit.release(1000);
    }

    /** Closes from the device side: sends CLSE once. */
    void close() {
        if (!closed) {
            closed = true;
            inbound.add(EOF);
            writePermit.release(1000);
            transport.closeStream(this);
        }
    }

    private final class In extends InputStream {
        private byte[] cur = new byte[0];
        private int pos;

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
            while (pos >= cur.length) {
                if (cur == EOF) {
                    return -1;
                }
                try {
                    cur = inbound.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stream read interrupted");
                }
                pos = 0;
                if (cur == EOF) {
                    inbound.add(EOF);
                    return -1;
                }
            }
            int n = Math.min(len, cur.length - pos);
            System.arraycopy(cur, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int max = transport.maxData();
            while (len > 0) {
                try {
                    writePermit.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stream write interrupted");
                }
                if (closed) {
                    throw new IOException("stream closed by the host");
                }
                int n = Math.min(len, max);
                transport.send(AdbPacket.WRTE, localId, remoteId, b, off, n);
                off += n;
                len -= n;
            }
        }
    }
}
