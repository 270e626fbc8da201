package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.Epilogue;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 depthwise planes at stride 1 with one row and column of padding before and the output the input's size,
 * rows of at least {@link #MIN_WIDTH} (MobileNetV2's and EfficientNet's 112 x 112 planes), computed row by
 * row straight from x with no copy of the plane: each output vector is bias plus, for each of its three input
 * rows, the vectors loaded one column left, at and one column right of it times the taps. The input is read
 * front to back once, which keeps the hardware prefetcher ahead when it comes from memory (1-2 MB planes just
 * written by the expansion convolution), where {@link FlatDepthwise}'s copy of each plane into a margined
 * buffer stalled. All loads are whole vectors inside x: a row's first vector takes its left column from a
 * shuffle of its centre with a zero moved in, its last vector's right column has the lane past the row zeroed
 * (lanes further on feed only outputs past the row, which the masked store drops); the rows above and below the
 * plane are a shared row of zeros and the plane's last row, when it ends x, is read from a copy. The clamp is
 * applied in registers, an activation in a second pass over the output plane while it is in cache.
 */
final class RowDepthwise3x3S1 {
    /**
     * Narrower rows go to {@link FlatDepthwise}, whose vectors span rows: in MobileNetV2 (cpu, 1 thread) this path
     * took its 32 x 112^2 layer from 0.24 to 0.17 ms, but tied at 56^2 and lost at 28^2 (0.11 against 0.085 ms),
     * where the first and last vector of each row, with their shuffles and masks, are half the vectors.
     */
    static final int MIN_WIDTH = 64;
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Lane j takes lane j - 1 (lane 0 its own): a vector moved one column right, to the left tap's place. */
    private static final VectorShuffle<Float> RIGHT = VectorShuffle.fromOp(S, j -> Math.max(j - 1, 0));
    /** The first lane only. */
    private static final VectorMask<Float> FIRST = VectorMask.fromLong(S, 1L);

    private RowDepthwise3x3S1() {
    }

    /** Whether this path computes the plane: 3x3, stride 1, pads before 1, oh = h, ow = w at least MIN_WIDTH, oh at least 2. */
    static boolean fits(int kh, int kw, int sh, int sw, int oh, int ow, int h, int wd, int padTop, int padLeft) {
        return kh == 3 && kw == 3 && sh == 1 && sw == 1 && padTop == 1 && padLeft == 1 && h == oh && wd == ow
                && ow >= MIN_WIDTH && oh >= 2;
    }

    /**
     * Plane {@code plane} of y (N, C, OH, OW) from the same plane of x (N, C, H, W), weights w[wOff, wOff + 9),
     * then {@code e}'s clamp and activation; see {@link #fits}.
     */
    static void plane(float[] x, float[] w, int wOff, float bias, float[] y, int plane, int oh, int ow, Epilogue e) {
        int size = oh * ow;
        int xOff = plane * size;
        float lo = e.lo();
        float hi = e.hi();
        float[] z = DepthwiseEdgeRows.zeros(ow);
        int lastAt = xOff + (oh - 1) * ow;
        float[] xl = x;
        if (lastAt + ow + L > x.length) {
            xl = DepthwiseEdgeRows.lastRow(ow);
            System.arraycopy(x, lastAt, xl, 0, ow);
            lastAt = 0;
        }
        row(z, L, x, xOff, oh == 2 ? xl : x, oh == 2 ? lastAt : xOff + ow, w, wOff, bias, lo, hi, y, xOff, ow);
        for (int r = 1; r < oh - 1; r++) {
            int mid = xOff + r * ow;
            boolean beforeLast = r == oh - 2;
            row(x, mid - ow, x, mid, beforeLast ? xl : x, beforeLast ? lastAt : mid + ow, w, wOff, bias, lo, hi, y, mid, ow);
        }
        int mid = xOff + (oh - 1) * ow;
        row(x, mid - ow, xl, lastAt, z, L, w, wOff, bias, lo, hi, y, mid, ow);
        if (e.activation() != Epilogue.Activation.NONE) {
            VectorActivation.apply(e.activation(), y, xOff, size);
        }
    }

    /**
     * One output row of ow values into y[yOff, yOff + ow) from the input rows at xt[r0], xm[r1] and xb[r2]
     * (the window's top, middle and bottom rows), each readable for ow + L floats from there.
     */
    private static void row(float[] xt, int r0, float[] xm, int r1, float[] xb, int r2, float[] w, int wOff, float bias,
            float lo, float hi, float[] y, int yOff, int ow) {
        FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
        FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
        FloatVector b = FloatVector.broadcast(S, bias);
        int last = (ow - 1) / L * L;
        for (int j = L; j < last; j += L) {
            FloatVector p = FloatVector.fromArray(S, xt, r0 + j - 1).fma(w0, b);
            FloatVector q = FloatVector.fromArray(S, xt, r0 + j).mul(w1);
            FloatVector s = FloatVector.fromArray(S, xt, r0 + j + 1).mul(w2);
            p = FloatVector.fromArray(S, xm, r1 + j - 1).fma(w3, p);
            q = FloatVector.fromArray(S, xm, r1 + j).fma(w4, q);
            s = FloatVector.fromArray(S, xm, r1 + j + 1).fma(w5, s);
            p = FloatVector.fromArray(S, xb, r2 + j - 1).fma(w6, p);
            q = FloatVector.fromArray(S, xb, r2 + j).fma(w7, q);
            s = FloatVector.fromArray(S, xb, r2 + j + 1).fma(w8, s);
            p.add(q).add(s).max(lo).min(hi).intoArray(y, yOff + j);
        }
        for (int k = 0; k < 2; k++) {
            int j = k == 0 ? 0 : last;
            if (k == 1 && last == 0) {
                break;
            }
            VectorMask<Float> inside = S.indexInRange(j + 1, ow);
            FloatVector t = FloatVector.fromArray(S, xt, r0 + j);
            FloatVector p = t.rearrange(RIGHT).blend(j > 0 ? xt[r0 + j - 1] : 0f, FIRST).fma(w0, b);
            FloatVector q = t.mul(w1);
            FloatVector s = FloatVector.fromArray(S, xt, r0 + j + 1).blend(0f, inside.not()).mul(w2);
            t = FloatVector.fromArray(S, xm, r1 + j);
            p = t.rearrange(RIGHT).blend(j > 0 ? xm[r1 + j - 1] : 0f, FIRST).fma(w3, p);
            q = t.fma(w4, q);
            s = FloatVector.fromArray(S, xm, r1 + j + 1).blend(0f, inside.not()).fma(w5, s);
            t = FloatVector.fromArray(S, xb, r2 + j);
            p = t.rearrange(RIGHT).blend(j > 0 ? xb[r2 + j - 1] : 0f, FIRST).fma(w6, p);
            q = t.fma(w7, q);
            s = FloatVector.fromArray(S, xb, r2 + j + 1).blend(0f, inside.not()).fma(w8, s);
            FloatVector acc = p.add(q).add(s).max(lo).min(hi);
            if (j + L <= ow) {
                acc.intoArray(y, yOff + j);
            } else {
                acc.intoArray(y, yOff + j, S.indexInRange(j, ow));
            }
        }
    }
}
