package dev.ondeck.adb.agent;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's framed protocol over stdin/stdout or a forwarded device port: each frame is {@code u32 length (big-endian), u8 type,
 * payload}. The agent speaks first with HELLO (magic, protocol version, agent version, backends); the host
 * refuses a different protocol version, naming both. Requests are answered in order with one reply frame or
 * ERROR. Strings are {@code u32 length + UTF-8}; tensors are {@code name, dtype, rank, dims, little-endian
 * elements}. Android API 26 only: this class runs on the phone.
 */
public final class AgentProtocol {
    /** Version of this protocol; bump on any incompatible change. */
    public static final int VERSION = 2;
    /** First bytes of HELLO. */
    public static final int MAGIC = 0x4f4e444b;
    /** The largest frame accepted (1 GiB). */
    public static final int MAX_FRAME = 1 << 30;
    /** The line the agent prints on stdout when it listens on a device port ({@code --listen PORT}), then the port. */
    public static final String LISTENING = "ONDECK-AGENT LISTENING ";

    public static final int HELLO = 1;
    public static final int LOAD = 10;
    public static final int LOADED = 11;
    public static final int RUN = 12;
    public static final int RESULT = 13;
    public static final int PROFILE = 14;
    public static final int PROFILED = 15;
    public static final int DEBUG_START = 16;
    public static final int DEBUG_STEP = 17;
    public static final int STOPPED = 18;
    public static final int FETCH = 19;
    public static final int TENSOR = 20;
    public static final int STATE = 21;
    public static final int STATE_REPLY = 22;
    public static final int QUIT = 23;
    public static final int BYE = 24;
    public static final int TIME = 25;
    public static final int TIMES = 26;
    public static final int DEBUG_STEP_OVER = 27;
    public static final int DEBUG_RUN_TO = 28;
    public static final int DEBUG_CONTINUE = 29;
    public static final int DEBUG_RESTART = 30;
    public static final int BREAKPOINTS = 31;
    public static final int OK = 32;
    public static final int OVERRIDE = 33;
    public static final int DEBUG_RESULT = 34;
    public static final int DEBUG_END = 35;
    public static final int ERROR = 99;

    private AgentProtocol() {
    }

    /** One frame: type and payload. */
    public static final class Frame {
        public final int type;
        public final byte[] payload;

        public Frame(int type, byte[] payload) {
            this.type = type;
            this.payload = payload;
        }

        /** A reader over the payload. */
        public DataInputStream body() {
            return new DataInputStream(new java.io.ByteArrayInputStream(payload));
        }
    }

    /** A frame that cannot be one of this protocol's (a corrupt stream, or something else talking). */
    public static final class BadFrameException extends IOException {
        private static final long serialVersionUID = 1L;

        public BadFrameException(String message) {
            super(message);
        }
    }

    /** Writes and flushes one frame. */
    public static void write(DataOutputStream out, int type, byte[] payload) throws IOException {
        out.writeInt(payload.length + 1);
        out.writeByte(type);
        out.write(payload);
        out.flush();
    }

    /** Reads one frame; EOFException at a clean end of stream. */
    public static Frame read(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 1 || len > MAX_FRAME) {
            throw new BadFrameException("agent protocol: bad frame length " + len);
        }
        int type = in.readUnsignedByte();
        byte[] payload = new byte[len - 1];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int elementBytes(DType t) {
        switch (t) {
            case DOUBLE: case INT64: case UINT64: return 8;
            case INT8: case UINT8: case BOOL: return 1;
            case INT16: case UINT16: return 2;
            default: return 4;
        }
    }

    public static void writeTensor(DataOutputStream out, String name, Tensor t) throws IOException {
        writeString(out, name);
        writeString(out, t.dtype().name());
        int[] shape = t.shapeView();
        out.writeInt(shape.length);
        for (int d : shape) {
            out.writeInt(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(t.size() * elementBytes(t.dtype())).order(ByteOrder.LITTLE_ENDIAN);
        t.writeElements(buf);
        out.writeInt(buf.capacity());
        out.write(buf.array());
    }

    /** Reads one named tensor into {@code into}. */
    public static void readTensor(DataInputStream in, Map<String, Tensor> into) throws IOException {
        String name = readString(in);
        DType dtype = DType.valueOf(readString(in));
        int[] shape = new int[in.readInt()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.readInt();
        }
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        Tensor t = Tensor.allocate(dtype, shape);
        t.readElements(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
        into.put(name, t);
    }

    /** Writes a string that may be null. */
    public static void writeOptional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    public static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    public static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    public static long[] readLongs(DataInputStream in) throws IOException {
        long[] v = new long[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        return v;
    }

    public static void writeTensors(DataOutputStream out, Map<String, Tensor> tensors) throws IOException {
        out.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            writeTensor(out, e.getKey(), e.getValue());
        }
    }

    public static Map<String, Tensor> readTensors(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            readTensor(in, m);
        }
        return m;
    }
}
