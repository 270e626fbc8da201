package dev.ondeck.engine.graph;

import dev.ondeck.engine.DType;
import java.util.Arrays;

/**
 * The static type of a value: element type and shape. A shape may be unknown ({@code shape == null}) or
 * have unknown dims ({@code -1}), each optionally named by a symbol ({@code dimNames[i]}, e.g. "batch").
 */
public final class TensorType {
    private final DType dtype;
    private final int[] shape;
    private final String[] dimNames;

    public TensorType(DType dtype, int[] shape, String[] dimNames) {
        this.dtype = dtype;
        this.shape = shape == null ? null : shape.clone();
        this.dimNames = dimNames == null ? null : dimNames.clone();
    }

    /** A fully known type. */
    public static TensorType of(DType dtype, int... shape) {
        return new TensorType(dtype, shape, null);
    }

    /** A type of known element type and unknown shape. */
    public static TensorType unknownShape(DType dtype) {
        return new TensorType(dtype, null, null);
    }

    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy), or null when unknown. Unknown dims are -1. */
    public int[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** Symbolic names of dims (entries may be null), or null. */
    public String[] dimNames() {
        return dimNames == null ? null : dimNames.clone();
    }

    public boolean hasRank() {
        return shape != null;
    }

    public int rank() {
        return shape == null ? -1 : shape.length;
    }

    /** True when every dim is known. */
    public boolean isStatic() {
        if (shape == null) {
            return false;
        }
        for (int d : shape) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** Element count of a static shape. */
    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Human-readable shape, symbols by name: {@code [batch,3,224,224]}. */
    public String shapeString() {
        if (shape == null) {
            return "[?]";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (shape[i] >= 0) {
                sb.append(shape[i]);
            } else if (dimNames != null && dimNames[i] != null && !dimNames[i].isEmpty()) {
                sb.append(dimNames[i]);
            } else {
                sb.append('?');
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorType && ((TensorType) o).dtype == dtype && Arrays.equals(((TensorType) o).shape, shape);
    }

    @Override
    public int hashCode() {
        return dtype.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return dtype + shapeString();
    }
}
