package dev.ondeck.adb.virtual;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

/** The device side of {@code sync:}: STAT/STA2/LST2, LIST/LIS2, SEND, RECV and QUIT on the sandbox. */
final class SyncService implements DeviceService {
    private static final int CHUNK = 64 * 1024;
    private final Sandbox sandbox;
    private DataInputStream in;
    private OutputStream out;

    SyncService(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void serve(DeviceStream stream) throws IOException {
        in = new DataInputStream(stream.in());
        out = new BufferedOutputStream(stream.out(), 512 * 1024);
        while (true) {
            String id;
            try {
                id = ascii(4);
            } catch (EOFException e) {
                return;
            }
            int len = readInt();
            if ("QUIT".equals(id)) {
                return;
            }
            if (len > 1024 && !"DATA".equals(id)) {
                fail("path too long");
                return;
            }
            byte[] b = new byte[len];
            in.readFully(b);
            String path = new String(b, StandardCharsets.UTF_8);
            switch (id) {
                case "STAT": stat(path); break;
                case "STA2": case "LST2": stat2(path); break;
                case "LIST": list(path, false); break;
                case "LIS2": list(path, true); break;
                case "SEND": send(path); break;
                case "RECV": recv(path); break;
                default:
                    fail("unknown sync request '" + id + "'");
                    return;
            }
            out.flush();
        }
    }

    private String ascii(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    private int readInt() throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void fail(String msg) throws IOException {
        byte[] m = msg.getBytes(StandardCharsets.UTF_8);
        out.write(le(8).put("FAIL".getBytes(StandardCharsets.US_ASCII)).putInt(m.length).array());
        out.write(m);
        out.flush();
    }

    private static int mode(Path p, BasicFileAttributes a) throws IOException {
        int type = a.isDirectory() ? 0040000 : a.isSymbolicLink() ? 0120000 : 0100000;
        int perm = 0;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        for (PosixFilePermission pp : perms) {
            perm |= 1 << (8 - pp.ordinal());
        }
        return type | perm;
    }

    private BasicFileAttributes attrs(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    private void stat(String path) throws IOException {
        Path p = sandbox.resolve(path);
        BasicFileAttributes a = attrs(p);
        ByteBuffer b = le(16).put("STAT".getBytes(StandardCharsets.US_ASCII));
        if (a == null) {
            b.putInt(0).putInt(0).putInt(0);
        } else {
            b.putInt(mode(p, a)).putInt((int) a.size()).putInt((int) (a.lastModifiedTime().toMillis() / 1000));
        }
        out.write(b.array());
    }

    private void stat2(String path) throws IOException {
        Path p = sandbox.resolve(path);
        BasicFileAttributes a = attrs(p);
        ByteBuffer b = le(72).put("STA2".getBytes(StandardCharsets.US_ASCII));
        if (a == null) {
            b.putInt(2);
        } else {
            long mtime = a.lastModifiedTime().toMillis() / 1000;
            b.putInt(0).putLong(1).putLong(p.hashCode() & 0xffffffffL).putInt(mode(p, a)).putInt(1).putInt(2000).putInt(2000)
                    .putLong(a.size()).putLong(mtime).putLong(mtime).putLong(mtime);
        }
        out.write(b.array());
    }

    private void list(String path, boolean v2) throws IOException {
        Path dir = sandbox.resolve(path);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
                    BasicFileAttributes a = attrs(p);
                    if (a != null) {
                        dent(p, a, v2);
                    }
                }
            }
        }
        out.write(v2 ? le(76).put("DONE".getBytes(StandardCharsets.US_ASCII)).array()
                : le(20).put("DONE".getBytes(StandardCharsets.US_ASCII)).array());
    }

    private void dent(Path p, BasicFileAttributes a, boolean v2) throws IOException {
        byte[] name = p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        long mtime = a.lastModifiedTime().toMillis() / 1000;
        if (v2) {
            out.write(le(76).put("DNT2".getBytes(StandardCharsets.US_ASCII)).putInt(0).putLong(1).putLong(p.hashCode() & 0xffffffffL)
                    .putInt(mode(p, a)).putInt(1).putInt(2000).putInt(2000).putLong(a.size())
                    .putLong(mtime).putLong(mtime).putLong(mtime).putInt(name.length).array());
        } else {
            out.write(le(20).put("DENT".getBytes(StandardCharsets.US_ASCII)).putInt(mode(p, a)).putInt((int) a.size())
                    .putInt((int) mtime).putInt(name.length).array());
        }
        out.write(name);
    }

    private void send(String spec) throws IOException {
        int comma = spec.lastIndexOf(',');
        String path = comma < 0 ? spec : spec.substring(0, comma);
        Path p = sandbox.resolve(path);
        Files.createDirectories(p.getParent());
        byte[] buf = new byte[CHUNK];
        String error = null;
        try (OutputStream file = Files.newOutputStream(p)) {
            while (true) {
                String id = ascii(4);
                int len = readInt();
                if ("DONE".equals(id)) {
                    Files.setLastModifiedTime(p, FileTime.fromMillis((len & 0xffffffffL) * 1000));
                    break;
                }
                if (!"DATA".equals(id) || len > CHUNK) {
                    error = "DATA".equals(id) ? "oversize data message" : "invalid data message '" + id + "'";
                    break;
                }
                in.readFully(buf, 0, len);
                file.write(buf, 0, len);
            }
        }
        if (error != null) {
            fail(error);
            throw new IOException(error);
        }
        out.write(le(8).put("OKAY".getBytes(StandardCharsets.US_ASCII)).putInt(0).array());
    }

    private void recv(String path) throws IOException {
        Path p = sandbox.resolve(path);
        if (!Files.isRegularFile(p)) {
            fail("remote object '" + path + "' does not exist");
            return;
        }
        byte[] buf = new byte[CHUNK];
        try (InputStream file = Files.newInputStream(p)) {
            int n;
            while ((n = file.readNBytes(buf, 0, CHUNK)) > 0) {
                out.write(le(8).put("DATA".getBytes(StandardCharsets.US_ASCII)).putInt(n).array());
                out.write(buf, 0, n);
            }
        }
        out.write(le(8).put("DONE".getBytes(StandardCharsets.US_ASCII)).putInt(0).array());
    }
}
