package dev.ondeck.engine.backend.portable;

import java.util.Arrays;

/**
 * What a matrix product adds before and after its sums: a bias per row and/or per column (either may be null)
 * and a clamp to [lo, hi] that fuses Relu (0, +inf) and Clip/Relu6. Immutable.
 */
public final class Epilogue {
    /** No bias, no clamp. */
    public static final Epilogue NONE = new Epilogue(null, null, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    private final float[] rowBias;
    private final float[] colBias;
    private final float lo;
    private final float hi;

    public Epilogue(float[] rowBias, float[] colBias, float lo, float hi) {
        this.rowBias = rowBias;
        this.colBias = colBias;
        this.lo = lo;
        this.hi = hi;
    }

    /** The same biases with a clamp to [lo, hi]. */
    public Epilogue clamped(float lo, float hi) {
        return new Epilogue(rowBias, colBias, Math.max(lo, this.lo), Math.min(hi, this.hi));
    }

    /** Bias per matrix row, or null. */
    public float[] rowBias() {
        return rowBias;
    }

    /** Bias per matrix column, or null. */
    public float[] colBias() {
        return colBias;
    }

    public boolean clamps() {
        return lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
    }

    public float lo() {
        return lo;
    }

    public float hi() {
        return hi;
    }

    /** Sets c[off, off+len) to the biases of matrix row {@code row} and columns from {@code col}. */
    public void init(float[] c, int off, int len, int row, int col) {
        float r = rowBias == null ? 0f : rowBias[row];
        if (colBias == null) {
            Arrays.fill(c, off, off + len, r);
            return;
        }
        for (int j = 0; j < len; j++) {
            c[off + j] = r + colBias[col + j];
        }
    }

    /** Applies the clamp to c[off, off+len). */
    public void finish(float[] c, int off, int len) {
        if (!clamps()) {
            return;
        }
        for (int j = off; j < off + len; j++) {
            c[j] = Math.min(Math.max(c[j], lo), hi);
        }
    }
}
