package dev.ondeck.engine.onnx;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Limits;
import dev.ondeck.engine.ModelFormatException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.onnx.OnnxProto.TensorData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts ONNX TensorProto payloads to engine tensors and back: raw_data or typed fields, external data
 * files beside the model (never outside its folder), float16/bfloat16 widened to float32. Declared dims are
 * checked against the payload and against {@link Limits#maxElements()} before anything is allocated.
 */
public final class TensorCodec {
    private TensorCodec() {
    }

    /**
     * Decodes a tensor.
     *
     * @param baseDir the model's folder, for external data; null when the tensor came from bytes alone
     * @param where names the tensor for messages (e.g. {@code initializer 'conv1.weight'})
     */
    public static Tensor decode(TensorData t, Path baseDir, String where) {
        if (t.hasSegment) {
            throw new ModelFormatException(where, "segmented tensors are not supported");
        }
        DType dtype = DType.fromOnnx(t.dataType);
        if (dtype == null) {
            throw new ModelFormatException(where, "element type " + DType.onnxName(t.dataType)
                    + " is not supported; supported: float32 float64 float16 bfloat16 int8 uint8 int16 uint16 int32 uint32 int64 uint64 bool");
        }
        int[] shape = Limits.checkedShape(where, t.dims);
        Tensor out = Tensor.allocate(dtype, shape);
        int n = out.size();
        byte[] raw = t.rawData;
        if (t.dataLocation == 1 || !t.externalData.isEmpty()) {
            raw = readExternal(t, baseDir, where, (long) n * storedByteSize(t.dataType));
        }
        if (raw != null) {
            long expected = (long) n * storedByteSize(t.dataType);
            if (raw.length != expected) {
                throw new ModelFormatException(where, "raw_data has " + raw.length + " bytes, dims "
                        + Arrays.toString(t.dims) + " of " + DType.onnxName(t.dataType) + " need " + expected);
            }
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            if (t.dataType == DType.ONNX_FLOAT16 || t.dataType == DType.ONNX_BFLOAT16) {
                float[] f = out.floats();
                for (int i = 0; i < n; i++) {
                    f[i] = halfBitsToFloat(t.dataType, buf.getShort(2 * i) & 0xFFFF);
                }
            } else {
                out.readElements(buf);
            }
            return out;
        }
        fromTypedFields(t, out, where);
        return out;
    }

    private static int storedByteSize(int onnxType) {
        return onnxType == DType.ONNX_FLOAT16 || onnxType == DType.ONNX_BFLOAT16 ? 2 : DType.fromOnnx(onnxType).byteSize();
    }

    private static void fromTypedFields(TensorData t, Tensor out, String where) {
        int n = out.size();
        switch (t.dataType) {
            case 1: {
                check(where, "float_data", t.floatData.length, n);
                System.arraycopy(t.floatData, 0, out.floats(), 0, n);
                break;
            }
            case 11: {
                check(where, "double_data", t.doubleData.length, n);
                System.arraycopy(t.doubleData, 0, out.doubles(), 0, n);
                break;
            }
            case 7: {
                check(where, "int64_data", t.int64Data.length, n);
                System.arraycopy(t.int64Data, 0, out.longs(), 0, n);
                break;
            }
            case 12: case 13: {
                check(where, "uint64_data", t.uint64Data.length, n);
                for (int i = 0; i < n; i++) {
                    out.setLong(i, t.uint64Data[i]);
                }
                break;
            }
            case DType.ONNX_FLOAT16: case DType.ONNX_BFLOAT16: {
                check(where, "int32_data", t.int32Data.length, n);
                for (int i = 0; i < n; i++) {
                    out.floats()[i] = halfBitsToFloat(t.dataType, (int) t.int32Data[i] & 0xFFFF);
                }
                break;
            }
            default: {
                check(where, "int32_data", t.int32Data.length, n);
                for (int i = 0; i < n; i++) {
                    out.setLong(i, t.int32Data[i]);
                }
            }
        }
    }

    private static void check(String where, String field, int found, int expected) {
        if (found != expected) {
            throw new ModelFormatException(where, field + " has " + found + " values, dims need " + expected);
        }
    }

    private static byte[] readExternal(TensorData t, Path baseDir, String where, long expectedBytes) {
        String location = t.externalData.get("location");
        if (location == null || location.isEmpty()) {
            throw new ModelFormatException(where, "external data without a 'location' entry");
        }
        if (baseDir == null) {
            throw new ModelFormatException(where, "external data '" + location + "' needs the model's folder; load the model from a file");
        }
        Path file = containedFile(baseDir, location, where);
        long offset = parseLong(t.externalData.getOrDefault("offset", "0"), where, "offset");
        long length = t.externalData.containsKey("length")
                ? parseLong(t.externalData.get("length"), where, "length") : expectedBytes;
        if (length != expectedBytes) {
            throw new ModelFormatException(where, "external data length " + length + " but dims need " + expectedBytes + " bytes");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (offset < 0 || offset + length > f.length()) {
                throw new ModelFormatException(where, "external data [" + offset + ", " + (offset + length)
                        + ") lies outside file '" + location + "' of " + f.length() + " bytes");
            }
            byte[] b = new byte[(int) length];
            f.seek(offset);
            f.readFully(b);
            return b;
        } catch (IOException e) {
            throw new ModelFormatException(where, "cannot read external data '" + location + "': " + e.getMessage());
        }
    }

    /**
     * The external data file, refused unless it lies inside the model's folder both by name and after
     * resolving symbolic links (a link inside the folder must not lead outside it).
     */
    private static Path containedFile(Path baseDir, String location, String where) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path file = base.resolve(location).normalize();
        boolean inside = file.startsWith(base) && !java.nio.file.Paths.get(location).isAbsolute();
        if (inside) {
            try {
                inside = file.toRealPath().startsWith(base.toRealPath());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ModelFormatException(where, "external data file '" + location + "' not found in " + base);
            } catch (IOException e) {
                throw new ModelFormatException(where, "cannot read external data '" + location + "': " + e);
            }
        }
        if (!inside) {
            throw new ModelFormatException(where, "external data location '" + location
                    + "' escapes the model's folder " + base);
        }
        return file;
    }

    private static long parseLong(String s, String where, String key) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new ModelFormatException(where, "external data " + key + " '" + s + "' is not a number");
        }
    }

    /** Converts IEEE half (code 10) or bfloat16 (code 16) bits to float. */
    public static float halfBitsToFloat(int onnxType, int bits) {
        if (onnxType == DType.ONNX_BFLOAT16) {
            return Float.intBitsToFloat(bits << 16);
        }
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mant << 13);
        }
        if (exp == 0) {
            float v = mant * 5.9604645e-8f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    /** Encodes a tensor as a TensorProto with little-endian raw_data. */
    public static TensorData encode(Tensor t, String name) {
        TensorData d = new TensorData();
        d.name = name;
        d.dataType = t.dtype().onnxCode();
        int[] shape = t.shapeView();
        d.dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            d.dims[i] = shape[i];
        }
        ByteBuffer buf = ByteBuffer.allocate(t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        t.writeElements(buf);
        d.rawData = buf.array();
        return d;
    }
}
