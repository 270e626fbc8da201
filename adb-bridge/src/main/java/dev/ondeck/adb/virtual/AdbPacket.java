package dev.ondeck.adb.virtual;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** One message of the device transport protocol: six little-endian u32 (command, arg0, arg1, length, check, magic) + data. */
final class AdbPacket {
    static final int CNXN = 0x4e584e43;
    static final int AUTH = 0x48545541;
    static final int OPEN = 0x4e45504f;
    static final int OKAY = 0x59414b4f;
    static final int WRTE = 0x45545257;
    static final int CLSE = 0x45534c43;
    static final int VERSION = 0x01000001;
    static final int MAX_DATA = 1 << 20;

    final int command;
    final int arg0;
    final int arg1;
    final byte[] data;

    AdbPacket(int command, int arg0, int arg1, byte[] data) {
        this.command = command;
        this.arg0 = arg0;
        this.arg1 = arg1;
        this.data = data;
    }

    /** Reads one packet; throws on a bad magic or an oversize payload. */
    static AdbPacket read(DataInputStream in, int maxData) throws IOException {
        byte[] h = new byte[24];
        in.readFully(h);
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        int cmd = b.getInt();
        int a0 = b.getInt();
        int a1 = b.getInt();
        int len = b.getInt();
        b.getInt();
        int magic = b.getInt();
        if (magic != ~cmd) {
            throw new IOException(String.format("bad packet magic %08x for command %08x", magic, cmd));
        }
        if (len < 0 || len > maxData) {
            throw new IOException("packet payload of " + len + " bytes exceeds " + maxData);
        }
        byte[] data = new byte[len];
        in.readFully(data);
        return new AdbPacket(cmd, a0, a1, data);
    }

    /** Writes a packet (data_check 0: the negotiated version skips checksums). */
    static void write(OutputStream out, int cmd, int a0, int a1, byte[] data, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(cmd).putInt(a0).putInt(a1).putInt(len).putInt(0).putInt(~cmd);
        out.write(b.array());
        out.write(data, off, len);
        out.flush();
    }

    /** The payload as a string without its trailing NUL. */
    String text() {
        int n = data.length;
        while (n > 0 && data[n - 1] == 0) {
            n--;
        }
        return new String(data, 0, n, StandardCharsets.UTF_8);
    }
}
