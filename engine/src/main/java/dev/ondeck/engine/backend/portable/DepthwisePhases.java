package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.ops.ConvOps;
import java.util.Arrays;

/**
 * 2-D depthwise convolution of one plane as long vector loops: the zero-padded input is split into
 * stride x stride phase planes, in which every tap of the window becomes one constant shift of a flattened
 * accumulator over all output rows ({@code OH x phase width}); the valid columns are copied out at the end.
 * Small planes (7x7, 14x14) thus vectorise as well as large ones. Scratch is per thread.
 */
final class DepthwisePhases {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

    /**
     * The accumulator is computed in whole multiples of this many floats (no scalar tail in vector loops); the
     * extra elements read stale scratch past the phase planes and are never copied out.
     */
    private static final int PAD = 16;

    private static final ThreadLocal<int[]> SHIFTS = ThreadLocal.withInitial(() -> new int[0]);

    private DepthwisePhases() {
    }

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
        int cols = ow + (kw - 1) / sw;
        int phaseSize = rows * cols;
        int n = oh * cols;
        int padded = (n + PAD - 1) / PAD * PAD;
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < s * sw * phaseSize + PAD) {
            scratch[0] = new float[s * sw * phaseSize + PAD];
        }
        if (scratch[1].length < padded) {
            scratch[1] = new float[padded];
        }
        float[] ph = scratch[0];
        float[] acc = scratch[1];
        int xBase = plane * h * wd;
        for (int rh = 0; rh < s; rh++) {
            for (int rw = 0; rw < sw; rw++) {
                fillPhase(loops, x, xBase, h, wd, rh - g.padBegin()[1], rw - g.padBegin()[2], s, sw, rows, cols, ph,
                        (rh * sw + rw) * phaseSize);
            }
        }
        Arrays.fill(acc, 0, padded, bias);
        int[] shifts = SHIFTS.get();
        if (shifts.length < kh * kw) {
            shifts = new int[kh * kw];
            SHIFTS.set(shifts);
        }
        for (int a = 0; a < kh; a++) {
            for (int b = 0; b < kw; b++) {
                shifts[a * kw + b] = ((a % s) * sw + b % sw) * phaseSize + (a / s) * cols + b / sw;
            }
        }
        loops.stencil(w, ch * kh * kw, shifts, kh * kw, ph, 0, acc, 0, padded);
        int yBase = plane * oh * ow;
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            loops.clamp(lo, hi, acc, 0, acc, 0, padded);
        }
        for (int r = 0; r < oh; r++) {
            System.arraycopy(acc, r * cols, y, yBase + r * ow, ow);
        }
    }

    /** Phase plane: p[r][c] = x[r*s + r0][c*sw + c0], zero outside the input. */
    private static void fillPhase(FloatLoops loops, float[] x, int xBase, int h, int wd, int r0, int c0, int s, int sw, int rows, int cols,
            float[] p, int pOff) {
        for (int r = 0; r < rows; r++) {
            int ih = r * s + r0;
            int dst = pOff + r * cols;
            if (ih < 0 || ih >= h) {
                Arrays.fill(p, dst, dst + cols, 0f);
                continue;
            }
            int src = xBase + ih * wd + c0;
            int lo = Math.min(cols, Im2col.ceilDiv(-c0, sw));
            lo = Math.max(0, lo);
            int hi = Math.max(lo, Math.min(cols, Im2col.ceilDiv(wd - c0, sw)));
            Arrays.fill(p, dst, dst + lo, 0f);
            if (sw == 1) {
                System.arraycopy(x, src + lo, p, dst + lo, hi - lo);
            } else {
                loops.strided(x, src + lo * sw, sw, p, dst + lo, hi - lo);
            }
            Arrays.fill(p, dst + hi, dst + cols, 0f);
        }
    }
}
