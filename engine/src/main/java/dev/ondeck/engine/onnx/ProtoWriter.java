package dev.ondeck.engine.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal protobuf wire-format writer, used to save ONNX models built in code. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    byte[] toByteArray() {
        return out.toByteArray();
    }

    void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    void tag(int field, int wireType) {
        varint((long) field << 3 | wireType);
    }

    void int64(int field, long v) {
        tag(field, ProtoReader.VARINT);
        varint(v);
    }

    void float32(int field, float v) {
        tag(field, ProtoReader.FIXED32);
        fixed32(Float.floatToRawIntBits(v));
    }

    void fixed32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    void string(int field, String s) {
        if (s != null) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }
    }

    void bytes(int field, byte[] b) {
        tag(field, ProtoReader.LEN);
        varint(b.length);
        out.write(b, 0, b.length);
    }

    void message(int field, ProtoWriter nested) {
        bytes(field, nested.toByteArray());
    }

    void packedInt64(int field, long[] values) {
        ProtoWriter p = new ProtoWriter();
        for (long v : values) {
            p.varint(v);
        }
        bytes(field, p.toByteArray());
    }

    void packedDouble(int field, double[] values) {
        ProtoWriter p = new ProtoWriter();
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            p.fixed32((int) bits);
            p.fixed32((int) (bits >>> 32));
        }
        bytes(field, p.toByteArray());
    }

    void packedFloat(int field, float[] values) {
        ProtoWriter p = new ProtoWriter();
        for (float v : values) {
            p.fixed32(Float.floatToRawIntBits(v));
        }
        bytes(field, p.toByteArray());
    }
}
