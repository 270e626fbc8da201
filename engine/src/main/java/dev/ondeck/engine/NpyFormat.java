package dev.ondeck.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** NumPy {@code .npy} version 1/2/3 reading and version 1 writing, C order, every engine dtype. */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyFormat() {
    }

    static Tensor read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        String where = path.toString();
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new ModelFormatException(where, "not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = bytes[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
            offset = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new ModelFormatException(where, "truncated .npy header");
            }
            headerLen = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            offset = 12;
        } else {
            throw new ModelFormatException(where, "unsupported .npy version " + major);
        }
        if (headerLen < 0 || offset + headerLen > bytes.length) {
            throw new ModelFormatException(where, "truncated .npy header");
        }
        String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        String descr = field(header, "descr", where);
        if (field(header, "fortran_order", where).startsWith("True")) {
            throw new ModelFormatException(where, "Fortran-order arrays are not supported; save with C order");
        }
        int[] shape = parseShape(field(header, "shape", where), where);
        descr = descr.replace("'", "").replace("\"", "").trim();
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        DType dtype = dtypeOf(descr.substring(1), where);
        Tensor t = Tensor.allocate(dtype, shape);
        int dataStart = offset + headerLen;
        long needed = (long) t.size() * dtype.byteSize();
        if (bytes.length - dataStart < needed) {
            throw new ModelFormatException(where, "data has " + (bytes.length - dataStart) + " bytes, shape needs " + needed);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, dataStart, (int) needed).order(order);
        t.readElements(buf);
        return t;
    }

    static void write(Tensor t, Path path) throws IOException {
        String s = shapeLiteral(t.shapeView());
        String header = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                descrOf(t.dtype()), s);
        int total = MAGIC.length + 4 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        for (int i = 0; i < pad; i++) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + hb.length + t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) hb.length).put(hb);
        ByteBuffer body = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        t.writeElements(body);
        Files.write(path, out.array());
    }

    private static String shapeLiteral(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String field(String header, String key, String where) {
        int k = header.indexOf("'" + key + "'");
        if (k < 0) {
            k = header.indexOf("\"" + key + "\"");
        }
        if (k < 0) {
            throw new ModelFormatException(where, ".npy header lacks '" + key + "': " + header);
        }
        int colon = header.indexOf(':', k);
        String rest = header.substring(colon + 1).trim();
        if (rest.startsWith("(")) {
            return rest.substring(0, rest.indexOf(')') + 1);
        }
        int end = rest.indexOf(',');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static int[] parseShape(String s, String where) {
        String inner = s.substring(1, s.length() - 1).trim();
        List<Long> dims = new ArrayList<>();
        for (String part : inner.split(",")) {
            if (!part.trim().isEmpty()) {
                try {
                    dims.add(Long.parseLong(part.trim().replace("L", "")));
                } catch (NumberFormatException e) {
                    throw new ModelFormatException(where, "bad .npy shape " + s);
                }
            }
        }
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
        }
        return Limits.checkedShape(where, d);
    }

    private static DType dtypeOf(String code, String where) {
        switch (code) {
            case "f4": return DType.FLOAT;
            case "f8": return DType.DOUBLE;
            case "i1": return DType.INT8;
            case "u1": return DType.UINT8;
            case "b1": return DType.BOOL;
            case "i2": return DType.INT16;
            case "u2": return DType.UINT16;
            case "i4": return DType.INT32;
            case "u4": return DType.UINT32;
            case "i8": return DType.INT64;
            case "u8": return DType.UINT64;
            default:
                throw new ModelFormatException(where, "unsupported .npy dtype '" + code
                        + "'; expected one of f4 f8 i1 u1 b1 i2 u2 i4 u4 i8 u8");
        }
    }

    private static String descrOf(DType t) {
        switch (t) {
            case FLOAT: return "<f4";
            case DOUBLE: return "<f8";
            case INT8: return "|i1";
            case UINT8: return "|u1";
            case BOOL: return "|b1";
            case INT16: return "<i2";
            case UINT16: return "<u2";
            case INT32: return "<i4";
            case UINT32: return "<u4";
            case INT64: return "<i8";
            default: return "<u8";
        }
    }
}
