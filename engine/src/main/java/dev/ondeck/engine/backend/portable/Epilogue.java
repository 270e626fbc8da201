package dev.ondeck.engine.backend.portable;

import java.util.Arrays;

/**
 * What a matrix product adds before and after its sums: a bias per row and/or per column (either may be null),
 * a clamp to [lo, hi] that fuses Relu (0, +inf) and Clip/Relu6, then an {@link Activation} that fuses
 * HardSwish or SiLU ({@code x * Sigmoid(x)}). Immutable.
 */
public final class Epilogue {
    /** The activation applied after the clamp. */
    public enum Activation {
        NONE,
        /** x * min(max(x / 6 + 1/2, 0), 1) (ONNX HardSwish). */
        HARD_SWISH,
        /** x / (1 + exp(-x)) (Sigmoid then Mul by its own input: SiLU, Swish). */
        SILU
    }

    /** No bias, no clamp. */
    public static final Epilogue NONE = new Epilogue(null, null, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    private final float[] rowBias;
    private final float[] colBias;
    private final float lo;
    private final float hi;
    private final Activation activation;

    public Epilogue(float[] rowBias, float[] colBias, float lo, float hi) {
        this(rowBias, colBias, lo, hi, Activation.NONE);
    }

    public Epilogue(float[] rowBias, float[] colBias, float lo, float hi, Activation activation) {
        this.rowBias = rowBias;
        this.colBias = colBias;
        this.lo = lo;
        this.hi = hi;
        this.activation = activation;
    }

    /** The same biases and activation with a clamp to [lo, hi]. */
    public Epilogue clamped(float lo, float hi) {
        return new Epilogue(rowBias, colBias, Math.max(lo, this.lo), Math.min(hi, this.hi), activation);
    }

    /** The same biases and clamp, then {@code a}. */
    public Epilogue activated(Activation a) {
        return new Epilogue(rowBias, colBias, lo, hi, a);
    }

    /** The same clamp and activation with other biases. */
    public Epilogue withBias(float[] rowBias, float[] colBias) {
        return new Epilogue(rowBias, colBias, lo, hi, activation);
    }

    public Activation activation() {
        return activation;
    }

    /** Whether {@link #finish} changes anything. */
    public boolean transforms() {
        return clamps() || activation != Activation.NONE;
    }

    /** The activation of one value, as the portable kernels compute it ({@link #activate(Activation, float[], int, int)}). */
    public static float activate(Activation a, float x) {
        switch (a) {
            case HARD_SWISH:
                return hardSwish(x);
            case SILU:
                return silu(x);
            default:
                return x;
        }
    }

    /**
     * Applies {@code a} to c[off, off+len): one loop per activation, all plain float arithmetic (no calls, no
     * branches), so C2's SuperWord and ART vectorise them; Math.exp would keep the loop scalar at about 5 ns an
     * element, which made SiLU the largest cost of EfficientNet's convolutions.
     */
    public static void activate(Activation a, float[] c, int off, int len) {
        int end = off + len;
        if (a == Activation.HARD_SWISH) {
            for (int j = off; j < end; j++) {
                c[j] = hardSwish(c[j]);
            }
        } else if (a == Activation.SILU) {
            for (int j = off; j < end; j++) {
                c[j] = silu(c[j]);
            }
        }
    }

    private static float hardSwish(float x) {
        return x * Math.min(Math.max(x / 6f + 0.5f, 0f), 1f);
    }

    /**
     * x / (1 + exp(-x)), with exp(-x) as (e^y)^64 for y = -x / 64, the argument clamped to [-24, 24] first
     * (|y| &lt;= 0.375): e^y by a degree-6 polynomial (a Chebyshev fit, under 4e-9 relative), then six squarings,
     * which multiply the relative error by 64: under 1e-5 relative over the whole range, and exact at the ends of
     * the clamp to within 1e-7 absolute (SiLU there is x or 0 in float). NaN stays NaN. Six multiply-adds and six
     * squarings: 23 operations an element where a degree-9 Taylor polynomial and five squarings took 28, and a
     * loop of it is bound by their count (copy and SiLU over 1.2 M elements: 0.53 -> 0.44-0.47 ns an element).
     */
    static float silu(float x) {
        float y = Math.min(Math.max(x, -24f), 24f) * (-1f / 64f);
        float p = 1f + y * (1.0000001192e+00f + y * (0.5f + y * (1.6666321456e-01f + y * (4.1666053236e-02f
                + y * (8.3822840825e-03f + y * 1.3958796626e-03f)))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return x / (1f + p);
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

    /**
     * Sets c[off, off+len) to the biases of matrix row {@code row} and columns from {@code col}. The column biases are
     * copied first and the row's added in place: a loop reading colBias at {@code col + j} and writing c at
     * {@code off + j} stays scalar under SuperWord (arrays that might be one), one over c alone vectorises.
     */
    public void init(float[] c, int off, int len, int row, int col) {
        float r = rowBias == null ? 0f : rowBias[row];
        if (colBias == null) {
            Arrays.fill(c, off, off + len, r);
            return;
        }
        System.arraycopy(colBias, col, c, off, len);
        for (int j = off; j < off + len; j++) {
            c[j] = r + c[j];
        }
    }

    /** Applies the clamp, then the activation, to c[off, off+len). */
    public void finish(float[] c, int off, int len) {
        if (clamps()) {
            for (int j = off; j < off + len; j++) {
                c[j] = Math.min(Math.max(c[j], lo), hi);
            }
        }
        activate(activation, c, off, len);
    }
}
