package dev.ondeck.engine.onnx;

import dev.ondeck.engine.ModelFormatException;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked protobuf wire-format reader over a byte array. Every length is checked against the
 * bytes that remain before anything is allocated, so a corrupt file fails with a {@link ModelFormatException}
 * naming the field, never with an out-of-memory error or a hang.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;
    private final String path;

    ProtoReader(byte[] buf, int offset, int limit, String path) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
        this.path = path;
    }

    /** The field path of the message being read, for error messages. */
    String path() {
        return path;
    }

    boolean hasMore() {
        return pos < limit;
    }

    /** Reads a tag; returns it whole (field number = tag >>> 3, wire type = tag & 7). */
    int readTag() {
        long tag = readVarint(path);
        int field = (int) (tag >>> 3);
        if (field <= 0 || tag > 0xFFFFFFFFL) {
            throw new ModelFormatException(path, "invalid field number " + (tag >>> 3) + " at byte " + pos);
        }
        return (int) tag;
    }

    long readVarint(String field) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new ModelFormatException(field, "truncated varint (file ends inside a number)");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new ModelFormatException(field, "malformed varint (more than 10 bytes)");
    }

    int readFixed32(String field) {
        need(4, field);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long readFixed64(String field) {
        long lo = readFixed32(field) & 0xFFFFFFFFL;
        long hi = readFixed32(field) & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** Reads a length prefix and checks that that many bytes remain. */
    int readLength(String field) {
        long len = readVarint(field);
        if (len < 0 || len > limit - pos) {
            throw new ModelFormatException(field, "length " + len + " exceeds the " + (limit - pos)
                    + " bytes that remain (truncated or corrupt file)");
        }
        return (int) len;
    }

    /** A reader over the next length-delimited field, which this reader then skips. */
    ProtoReader readMessage(String field) {
        int len = readLength(field);
        ProtoReader sub = new ProtoReader(buf, pos, pos + len, field);
        pos += len;
        return sub;
    }

    /** A reader over the next {@code len} bytes (a length already read), which this reader then skips. */
    ProtoReader readMessageOfLength(int len, String field) {
        ProtoReader sub = new ProtoReader(buf, pos, pos + len, field);
        pos += len;
        return sub;
    }

    String readString(String field) {
        int len = readLength(field);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    byte[] readBytes(String field) {
        int len = readLength(field);
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        return b;
    }

    /** Skips an unknown field of the given wire type. */
    void skip(int wireType, String field) {
        switch (wireType) {
            case VARINT: readVarint(field); break;
            case FIXED64: need(8, field); pos += 8; break;
            case LEN: {
                int len = readLength(field);
                pos += len;
                break;
            }
            case FIXED32: need(4, field); pos += 4; break;
            default:
                throw new ModelFormatException(field, "unsupported wire type " + wireType + " (groups or corrupt data)");
        }
    }

    /** Fails unless the tag has the expected wire type. */
    static void expect(int tag, int wireType, String field) {
        int found = tag & 7;
        if (found != wireType) {
            throw new ModelFormatException(field, "expected wire type " + wireType + " (" + wireName(wireType)
                    + "), found " + found + " (" + wireName(found) + ")");
        }
    }

    static String wireName(int wt) {
        switch (wt) {
            case VARINT: return "varint";
            case FIXED64: return "64-bit";
            case LEN: return "length-delimited";
            case FIXED32: return "32-bit";
            default: return "invalid";
        }
    }

    private void need(int n, String field) {
        if (limit - pos < n) {
            throw new ModelFormatException(field, "truncated: needs " + n + " bytes, " + (limit - pos) + " remain");
        }
    }
}
