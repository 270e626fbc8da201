package dev.ondeck.adb.host;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sync session (SYNC.TXT): little-endian {@code id[4] u32} requests. Pushes go in 64 KiB DATA chunks
 * (SYNC_DATA_MAX), with no per-chunk reply; progress is reported after each chunk.
 */
public final class SyncClient implements Closeable {
    /** SYNC_DATA_MAX: the largest DATA chunk a device accepts. */
    public static final int CHUNK = 64 * 1024;
    private final String serial;
    private final AdbSocket socket;
    private final DataInputStream in;
    private final OutputStream out;

    SyncClient(String serial, AdbSocket socket) {
        this.serial = serial;
        this.socket = socket;
        this.in = socket.in();
        this.out = socket.out();
    }

    private void request(String id, byte[] payload) throws IOException {
        header(id, payload.length);
        out.write(payload);
        out.flush();
    }

    private void header(String id, int len) throws IOException {
        out.write(id.getBytes(StandardCharsets.US_ASCII));
        writeInt(len);
    }

    private void writeInt(int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    private int readInt() throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    private String readId() throws IOException {
        return socket.readAscii(4);
    }

    private static byte[] path(String p) {
        byte[] b = p.getBytes(StandardCharsets.UTF_8);
        if (b.length > 1024) {
            throw new AdbException("device path longer than 1024 bytes: " + p);
        }
        return b;
    }

    /** lstat of a device path (mode 0 when it does not exist). */
    public FileStat stat(String remote) {
        try {
            request("STAT", path(remote));
            String id = readId();
            if (!"STAT".equals(id)) {
                throw new AdbException("sync protocol error: expected STAT, found '" + id + "'");
            }
            int mode = readInt();
            long size = readInt() & 0xffffffffL;
            long mtime = readInt() & 0xffffffffL;
            return new FileStat(remote, mode, size, mtime);
        } catch (IOException e) {
            throw new DeviceLostException(serial, "stat " + remote, e);
        }
    }

    /** The entries of a device directory (without . and ..). */
    public List<FileStat> list(String remote) {
        List<FileStat> entries = new ArrayList<>();
        try {
            request("LIST", path(remote));
            while (true) {
                String id = readId();
                int mode = readInt();
                long size = readInt() & 0xffffffffL;
                long mtime = readInt() & 0xffffffffL;
                int nameLen = readInt();
                if ("DONE".equals(id)) {
                    return entries;
                }
                byte[] name = new byte[nameLen];
                in.readFully(name);
                String n = new String(name, StandardCharsets.UTF_8);
                if (!n.equals(".") && !n.equals("..")) {
                    entries.add(new FileStat(n, mode, size, mtime));
                }
            }
        } catch (IOException e) {
            throw new DeviceLostException(serial, "list " + remote, e);
        }
    }

    /** Pushes a local file to {@code remote} with the given mode (e.g. 0644). */
    public void push(Path local, String remote, int mode, TransferListener listener) {
        try (InputStream data = Files.newInputStream(local)) {
            push(data, Files.size(local), remote, mode, Files.getLastModifiedTime(local).toMillis() / 1000, listener);
        } catch (IOException e) {
            throw new AdbException("cannot read " + local + ": " + e.getMessage(), e);
        }
    }

    /** Pushes a stream of {@code total} bytes (-1 if unknown) to {@code remote}. */
    public void push(InputStream data, long total, String remote, int mode, long mtime, TransferListener listener) {
        String op = "push " + remote;
        byte[] buf = new byte[CHUNK];
        long done = 0;
        try {
            request("SEND", path(remote + "," + (0100000 | (mode & 07777))));
            int n;
            while ((n = readChunk(data, buf)) > 0) {
                header("DATA", n);
                out.write(buf, 0, n);
                done += n;
                listener.progress(done, total);
            }
            header("DONE", (int) mtime);
            out.flush();
            String id = readId();
            int len = readInt();
            if ("FAIL".equals(id)) {
                byte[] msg = new byte[len];
                in.readFully(msg);
                throw new AdbException(op + " failed on the device: " + new String(msg, StandardCharsets.UTF_8));
            }
            if (!"OKAY".equals(id)) {
                throw new AdbException("sync protocol error after push: expected OKAY, found '" + id + "'");
            }
        } catch (IOException e) {
            throw new DeviceLostException(serial, op, e);
        }
    }

    private static int readChunk(InputStream data, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = data.read(buf, off, buf.length - off);
            if (n < 0) {
                break;
            }
            off += n;
        }
        return off;
    }

    /** Pulls {@code remote} into a local file. */
    public void pull(String remote, Path local, TransferListener listener) {
        long total = stat(remote).size();
        try (OutputStream dst = Files.newOutputStream(local)) {
            pull(remote, dst, total, listener);
        } catch (IOException e) {
            throw new AdbException("cannot write " + local + ": " + e.getMessage(), e);
        }
    }

    /** Pulls {@code remote} into a stream; {@code total} (or -1) is passed to the listener. */
    public void pull(String remote, OutputStream dst, long total, TransferListener listener) throws IOException {
        String op = "pull " + remote;
        byte[] buf = new byte[CHUNK];
        long done = 0;
        try {
            request("RECV", path(remote));
        } catch (IOException e) {
            throw new DeviceLostException(serial, op, e);
        }
        while (true) {
            String id;
            int len;
            try {
                id = readId();
                len = readInt();
                if ("DATA".equals(id)) {
                    if (len > buf.length) {
                        throw new AdbException("sync protocol error: DATA chunk of " + len + " bytes exceeds " + CHUNK);
                    }
                    in.readFully(buf, 0, len);
                }
            } catch (IOException e) {
                throw new DeviceLostException(serial, op, e);
            }
            if ("DONE".equals(id)) {
                return;
            }
            if ("FAIL".equals(id)) {
                byte[] msg = new byte[len];
                in.readFully(msg);
                throw new AdbException(op + " failed on the device: " + new String(msg, StandardCharsets.UTF_8));
            }
            if (!"DATA".equals(id)) {
                throw new AdbException("sync protocol error during pull: unexpected '" + id + "'");
            }
            dst.write(buf, 0, len);
            done += len;
            listener.progress(done, total);
        }
    }

    /** Sends QUIT and closes the connection. */
    @Override
    public void close() {
        try {
            request("QUIT", new byte[0]);
        } catch (IOException ignored) {
            // the device may already be gone; closing the socket below is all that is left to do
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
