package dev.ondeck.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A dense, row-major tensor: dtype + shape + one contiguous primitive array. Storage by dtype: float32 in
 * {@code float[]}, float64 in {@code double[]}, int8/uint8/bool in {@code byte[]}, int16/uint16 in
 * {@code short[]}, int32/uint32 in {@code int[]}, int64/uint64 in {@code long[]}. Bool is 0 or 1.
 *
 * <p>Typed accessors ({@link #floats()}, {@link #longs()}, ...) give the backing array for fast loops;
 * {@link #getDouble}/{@link #setDouble} and {@link #getLong}/{@link #setLong} convert for generic code.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final Object data;

    private Tensor(DType dtype, int[] shape, int size, Object data) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = size;
        this.data = data;
    }

    /** A zero-filled tensor; refuses shapes over {@link Limits#maxElements()}. */
    public static Tensor allocate(DType dtype, int... shape) {
        int n = Limits.checkedSize("tensor of " + dtype, shape);
        return new Tensor(dtype, shape.clone(), n, newArray(dtype, n));
    }

    /** Wraps an existing primitive array (not copied) whose type matches {@code dtype}. */
    public static Tensor wrap(DType dtype, Object array, int... shape) {
        int n = Limits.checkedSize("tensor of " + dtype, shape);
        if (array.getClass() != newArray(dtype, 0).getClass()) {
            throw new IllegalArgumentException("array " + array.getClass().getSimpleName() + " cannot hold " + dtype);
        }
        if (java.lang.reflect.Array.getLength(array) != n) {
            throw new IllegalArgumentException("array has " + java.lang.reflect.Array.getLength(array)
                    + " elements, shape " + Arrays.toString(shape) + " needs " + n);
        }
        return new Tensor(dtype, shape.clone(), n, array);
    }

    public static Tensor of(float[] data, int... shape) {
        return wrap(DType.FLOAT, data, shape);
    }

    public static Tensor of(double[] data, int... shape) {
        return wrap(DType.DOUBLE, data, shape);
    }

    public static Tensor of(int[] data, int... shape) {
        return wrap(DType.INT32, data, shape);
    }

    public static Tensor of(long[] data, int... shape) {
        return wrap(DType.INT64, data, shape);
    }

    public static Tensor ofBools(boolean[] values, int... shape) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (values[i] ? 1 : 0);
        }
        return wrap(DType.BOOL, b, shape);
    }

    public static Tensor scalar(float v) {
        return of(new float[] {v});
    }

    public static Tensor scalar(long v) {
        return of(new long[] {v});
    }

    /** Reads a NumPy {@code .npy} file (any dtype the engine has, C order). */
    public static Tensor fromNpy(Path path) throws IOException {
        return NpyFormat.read(path);
    }

    /** Writes this tensor as a NumPy {@code .npy} file. */
    public void toNpy(Path path) throws IOException {
        NpyFormat.write(this, path);
    }

    /** Reads {@link #size()} elements from {@code buf} (in its byte order) into this tensor; bools become 0/1. */
    public void readElements(java.nio.ByteBuffer buf) {
        int n = size;
        switch (dtype) {
            case FLOAT: buf.asFloatBuffer().get(floats(), 0, n); break;
            case DOUBLE: buf.asDoubleBuffer().get(doubles(), 0, n); break;
            case INT8: case UINT8: buf.get(bytes(), 0, n); break;
            case BOOL: {
                byte[] b = bytes();
                buf.get(b, 0, n);
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (b[i] != 0 ? 1 : 0);
                }
                break;
            }
            case INT16: case UINT16: buf.asShortBuffer().get(shorts(), 0, n); break;
            case INT32: case UINT32: buf.asIntBuffer().get(ints(), 0, n); break;
            default: buf.asLongBuffer().get(longs(), 0, n);
        }
    }

    /** Writes every element into {@code buf} (in its byte order), in element order. */
    public void writeElements(java.nio.ByteBuffer buf) {
        int n = size;
        switch (dtype) {
            case FLOAT: buf.asFloatBuffer().put(floats(), 0, n); break;
            case DOUBLE: buf.asDoubleBuffer().put(doubles(), 0, n); break;
            case INT8: case UINT8: case BOOL: buf.put(bytes(), 0, n); break;
            case INT16: case UINT16: buf.asShortBuffer().put(shorts(), 0, n); break;
            case INT32: case UINT32: buf.asIntBuffer().put(ints(), 0, n); break;
            default: buf.asLongBuffer().put(longs(), 0, n);
        }
    }

    static Object newArray(DType dtype, int n) {
        switch (dtype) {
            case FLOAT: return new float[n];
            case DOUBLE: return new double[n];
            case INT8: case UINT8: case BOOL: return new byte[n];
            case INT16: case UINT16: return new short[n];
            case INT32: case UINT32: return new int[n];
            case INT64: case UINT64: return new long[n];
            default: throw new IllegalArgumentException("no storage for " + dtype);
        }
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape array itself; callers must not modify it. */
    public int[] shapeView() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        return stridesOf(shape);
    }

    /** Row-major strides in elements for a shape. */
    public static int[] stridesOf(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** The backing array (float[], double[], byte[], short[], int[] or long[]). */
    public Object data() {
        return data;
    }

    public float[] floats() {
        return (float[]) data;
    }

    public double[] doubles() {
        return (double[]) data;
    }

    public byte[] bytes() {
        return (byte[]) data;
    }

    public short[] shorts() {
        return (short[]) data;
    }

    public int[] ints() {
        return (int[]) data;
    }

    public long[] longs() {
        return (long[]) data;
    }

    /** Element {@code i} (flat index) converted to double. */
    public double getDouble(int i) {
        switch (dtype) {
            case FLOAT: return ((float[]) data)[i];
            case DOUBLE: return ((double[]) data)[i];
            case UINT64: {
                long v = ((long[]) data)[i];
                return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            default: return getLong(i);
        }
    }

    /** Element {@code i} (flat index) converted to long (floating values truncate toward zero). */
    public long getLong(int i) {
        switch (dtype) {
            case FLOAT: return (long) ((float[]) data)[i];
            case DOUBLE: return (long) ((double[]) data)[i];
            case INT8: case BOOL: return ((byte[]) data)[i];
            case UINT8: return ((byte[]) data)[i] & 0xFF;
            case INT16: return ((short[]) data)[i];
            case UINT16: return ((short[]) data)[i] & 0xFFFF;
            case INT32: return ((int[]) data)[i];
            case UINT32: return ((int[]) data)[i] & 0xFFFFFFFFL;
            case INT64: case UINT64: return ((long[]) data)[i];
            default: throw new IllegalStateException(dtype.toString());
        }
    }

    /** Element {@code i} as a boolean (non-zero is true). */
    public boolean getBool(int i) {
        return dtype.isFloating() ? getDouble(i) != 0 : getLong(i) != 0;
    }

    /** Stores {@code v} at flat index {@code i}, converting to this tensor's dtype (ONNX Cast rules). */
    public void setDouble(int i, double v) {
        switch (dtype) {
            case FLOAT: ((float[]) data)[i] = (float) v; break;
            case DOUBLE: ((double[]) data)[i] = v; break;
            case BOOL: ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0); break;
            case UINT64: ((long[]) data)[i] = v >= 9.223372036854775807E18
                    ? (long) (v - 9.223372036854775807E18) + Long.MIN_VALUE : (long) v; break;
            case UINT32: ((int[]) data)[i] = (int) (long) v; break;
            default: setLong(i, (long) v);
        }
    }

    /** Stores {@code v} at flat index {@code i}, wrapping to this tensor's integer width. */
    public void setLong(int i, long v) {
        switch (dtype) {
            case FLOAT: ((float[]) data)[i] = v; break;
            case DOUBLE: ((double[]) data)[i] = v; break;
            case INT8: case UINT8: ((byte[]) data)[i] = (byte) v; break;
            case BOOL: ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0); break;
            case INT16: case UINT16: ((short[]) data)[i] = (short) v; break;
            case INT32: case UINT32: ((int[]) data)[i] = (int) v; break;
            case INT64: case UINT64: ((long[]) data)[i] = v; break;
            default: throw new IllegalStateException(dtype.toString());
        }
    }

    /** Copies {@code count} elements from {@code src} (same dtype) into this tensor. */
    public void copyFrom(Tensor src, int srcPos, int dstPos, int count) {
        System.arraycopy(src.data, srcPos, data, dstPos, count);
    }

    /** A tensor of another shape sharing this storage; element counts must match. */
    public Tensor reshape(int... newShape) {
        int n = Limits.checkedSize("reshape", newShape);
        if (n != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + size
                    + " elements) to " + Arrays.toString(newShape) + " (" + n + " elements)");
        }
        return new Tensor(dtype, newShape.clone(), size, data);
    }

    /** A deep copy. */
    public Tensor copy() {
        Object d = newArray(dtype, size);
        System.arraycopy(data, 0, d, 0, size);
        return new Tensor(dtype, shape.clone(), size, d);
    }

    /** True when dtype, shape and every element are equal (NaN equals NaN). */
    public boolean contentEquals(Tensor o) {
        if (o == null || o.dtype != dtype || !Arrays.equals(o.shape, shape)) {
            return false;
        }
        switch (dtype) {
            case FLOAT: return Arrays.equals(floats(), o.floats());
            case DOUBLE: return Arrays.equals(doubles(), o.doubles());
            case INT8: case UINT8: case BOOL: return Arrays.equals(bytes(), o.bytes());
            case INT16: case UINT16: return Arrays.equals(shorts(), o.shorts());
            case INT32: case UINT32: return Arrays.equals(ints(), o.ints());
            default: return Arrays.equals(longs(), o.longs());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype).append(Arrays.toString(shape)).append(" [");
        int n = Math.min(size, 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (dtype.isFloating()) {
                sb.append((float) getDouble(i));
            } else {
                sb.append(getLong(i));
            }
        }
        return sb.append(size > n ? ", ...])" : "])").toString();
    }
}
