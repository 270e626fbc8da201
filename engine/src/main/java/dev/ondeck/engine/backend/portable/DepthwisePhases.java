package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.ops.ConvOps;
import java.util.Arrays;

/**
 * 2-D depthwise convolution of one plane as long vector loops: the zero-padded input is split into
 * {@code stride} row phase planes (every {@code stride}-th input row, whole rows, copied by
 * {@link System#arraycopy}), in which every tap of the window becomes one constant shift of a flattened
 * accumulator over all output rows ({@code OH x padded input width}); the output columns are copied out at the
 * end, every column at stride 1 and every {@code stride}-th column otherwise. A strided convolution thus computes
 * its output rows at full column resolution (twice the multiply-adds at stride 2) instead of gathering column
 * phases element by element (a scalar loop over the whole input plane), and picks a quarter as many elements.
 * Small planes (7x7, 14x14) vectorise as well as large ones. Scratch is per thread.
 *
 * <p>The accumulator is a {@code double[]}: a loop that reads the phase planes (a {@code float[]}) at a tap's shift
 * and writes the accumulator at another offset vectorises only where the two cannot be one array, which differing
 * element types guarantee (HotSpot's SuperWord has no runtime alias checks). Three taps are summed in float per
 * loop and added in double; the output rows are rounded back to float as they are copied out.
 */
final class DepthwisePhases {
    /**
     * One thread's buffers: the phase planes, the accumulator and the tap shifts, and the layout the phase planes'
     * zero borders were last written for (while it stays the same, planes after the first copy only the inside).
     */
    private static final class Scratch {
        float[] phases = new float[0];
        double[] acc = new double[0];
        int[] shifts = new int[0];
        final int[] layout = new int[8];
        boolean zeroed;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * The accumulator is computed in whole multiples of this many floats (no scalar tail in vector loops); the
     * extra elements read stale scratch past the phase planes and are never copied out.
     */
    private static final int PAD = 16;

    /** Output rows are computed in bands of about this many accumulator elements (16 KiB of doubles). */
    private static final int BAND = 2048;

    private DepthwisePhases() {
    }

    /**
     * One plane as {@link DepthwisePlane#plane} describes it, with the bias {@code bias} of its channel, then clamped
     * to [lo, hi] by {@code loops}.
     */
    static void plane(FloatLoops loops, float[] x, float[] w, int ch, float bias, float[] y, int plane, int[] in3,
            ConvOps.Geometry g, float lo, float hi) {
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int s = g.strides()[1];
        int sw = g.strides()[2];
        int oh = g.out()[1];
        int ow = g.out()[2];
        int h = in3[1];
        int wd = in3[2];
        int rows = oh + (kh - 1) / s + 1;
        int cols = (ow - 1) * sw + kw;
        int phaseSize = rows * cols;
        int band = Math.max(1, Math.min(oh, BAND / cols));
        int padded = (band * cols + PAD - 1) / PAD * PAD;
        Scratch scratch = SCRATCH.get();
        if (scratch.phases.length < s * phaseSize + PAD) {
            scratch.phases = new float[s * phaseSize + PAD];
            scratch.zeroed = false;
        }
        if (scratch.acc.length < padded) {
            scratch.acc = new double[padded];
        }
        if (scratch.shifts.length < kh * kw) {
            scratch.shifts = new int[kh * kw];
        }
        boolean zeroed = sameLayout(scratch, s, sw, rows, cols, h, wd, g.padBegin()[1], g.padBegin()[2]);
        float[] ph = scratch.phases;
        double[] acc = scratch.acc;
        int xBase = plane * h * wd;
        for (int rh = 0; rh < s; rh++) {
            fillPhase(x, xBase, h, wd, rh - g.padBegin()[1], -g.padBegin()[2], s, rows, cols, ph, rh * phaseSize, zeroed);
        }
        int[] shifts = scratch.shifts;
        for (int a = 0; a < kh; a++) {
            for (int b = 0; b < kw; b++) {
                shifts[a * kw + b] = (a % s) * phaseSize + (a / s) * cols + b;
            }
        }
        int yBase = plane * oh * ow;
        for (int r0 = 0; r0 < oh; r0 += band) {
            int r1 = Math.min(oh, r0 + band);
            int len = ((r1 - r0) * cols + PAD - 1) / PAD * PAD;
            window(w, ch * kh * kw, shifts, kh * kw, bias, ph, r0 * cols, acc, len);
            for (int r = r0; r < r1; r++) {
                rowOut(acc, (r - r0) * cols, sw, y, yBase + r * ow, ow);
            }
        }
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            loops.clamp(lo, hi, y, yBase, y, yBase, oh * ow);
        }
    }

    /**
     * acc[j] = bias + sum over the window of w[wOff + t] * ph[from + shifts[t] + j], j &lt; len, three taps a loop
     * (summed in float, then added to the double accumulator), taps in order.
     */
    private static void window(float[] w, int wOff, int[] shifts, int count, float bias, float[] ph, int from,
            double[] acc, int len) {
        for (int t = 0; t < count; t += 3) {
            int n = Math.min(3, count - t);
            int p = from + shifts[t];
            float u = w[wOff + t];
            if (n == 3) {
                taps3(t == 0, bias, u, p, w[wOff + t + 1], from + shifts[t + 1], w[wOff + t + 2], from + shifts[t + 2], ph, acc,
                        len);
            } else if (n == 2) {
                taps2(t == 0, bias, u, p, w[wOff + t + 1], from + shifts[t + 1], ph, acc, len);
            } else {
                taps1(t == 0, bias, u, p, ph, acc, len);
            }
        }
    }

    /** acc[j] = bias + u * x[p + j] + v * x[q + j] + z * x[r + j] ({@code set}), or acc[j] += the three taps. */
    private static void taps3(boolean set, float bias, float u, int p, float v, int q, float z, int r, float[] x, double[] acc,
            int len) {
        if (set) {
            for (int j = 0; j < len; j++) {
                acc[j] = bias + u * x[p + j] + v * x[q + j] + z * x[r + j];
            }
        } else {
            for (int j = 0; j < len; j++) {
                acc[j] += u * x[p + j] + v * x[q + j] + z * x[r + j];
            }
        }
    }

    /** {@link #taps3} with two taps. */
    private static void taps2(boolean set, float bias, float u, int p, float v, int q, float[] x, double[] acc, int len) {
        if (set) {
            for (int j = 0; j < len; j++) {
                acc[j] = bias + u * x[p + j] + v * x[q + j];
            }
        } else {
            for (int j = 0; j < len; j++) {
                acc[j] += u * x[p + j] + v * x[q + j];
            }
        }
    }

    /** {@link #taps3} with one tap. */
    private static void taps1(boolean set, float bias, float u, int p, float[] x, double[] acc, int len) {
        if (set) {
            for (int j = 0; j < len; j++) {
                acc[j] = bias + u * x[p + j];
            }
        } else {
            for (int j = 0; j < len; j++) {
                acc[j] += u * x[p + j];
            }
        }
    }

    /** y[yOff + c] = (float) acc[from + c * stride], c &lt; n: one output row, every {@code stride}-th column. */
    private static void rowOut(double[] acc, int from, int stride, float[] y, int yOff, int n) {
        if (stride == 1) {
            for (int c = 0; c < n; c++) {
                y[yOff + c] = (float) acc[from + c];
            }
        } else {
            for (int c = 0; c < n; c++) {
                y[yOff + c] = (float) acc[from + c * stride];
            }
        }
    }

    /**
     * Whether the phase planes already hold the zero borders of this layout; records it as the current one
     * (the caller writes the borders when it was not).
     */
    private static boolean sameLayout(Scratch scratch, int s, int sw, int rows, int cols, int h, int wd, int padTop,
            int padLeft) {
        int[] l = scratch.layout;
        boolean same = scratch.zeroed && l[0] == s && l[1] == sw && l[2] == rows && l[3] == cols && l[4] == h
                && l[5] == wd && l[6] == padTop && l[7] == padLeft;
        l[0] = s;
        l[1] = sw;
        l[2] = rows;
        l[3] = cols;
        l[4] = h;
        l[5] = wd;
        l[6] = padTop;
        l[7] = padLeft;
        scratch.zeroed = true;
        return same;
    }

    /**
     * Row phase plane: p[r][c] = x[r*s + r0][c + c0], zero outside the input ({@code zeroed}: those zeros are
     * there already, only the inside is copied).
     */
    private static void fillPhase(float[] x, int xBase, int h, int wd, int r0, int c0, int s, int rows, int cols,
            float[] p, int pOff, boolean zeroed) {
        int lo = Math.max(0, Math.min(cols, -c0));
        int hi = Math.max(lo, Math.min(cols, wd - c0));
        for (int r = 0; r < rows; r++) {
            int ih = r * s + r0;
            int dst = pOff + r * cols;
            if (ih < 0 || ih >= h) {
                if (!zeroed) {
                    Arrays.fill(p, dst, dst + cols, 0f);
                }
                continue;
            }
            if (!zeroed) {
                Arrays.fill(p, dst, dst + lo, 0f);
                Arrays.fill(p, dst + hi, dst + cols, 0f);
            }
            System.arraycopy(x, xBase + ih * wd + c0 + lo, p, dst + lo, hi - lo);
        }
    }
}
