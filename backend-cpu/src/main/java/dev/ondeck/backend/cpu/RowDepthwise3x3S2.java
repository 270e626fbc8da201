package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.Epilogue;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 depthwise planes at stride 2 with one row and column of padding before, h = 2 oh and w = 2 ow, rows of at
 * least a vector (the 112 to 56 and 56 to 28 layers of MobileNetV2 and EfficientNet), computed row by row
 * straight from x with no copy of the plane: for each output vector and each of its three input rows, two
 * vectors of x give the even (centre tap) and odd (right tap) columns by a two-vector shuffle, and two more
 * loaded one column to the left give the left tap's. The input is read front to back once, which keeps the
 * hardware prefetcher ahead when it comes from memory (1-5 MB planes just written by the expansion
 * convolution); the phase-plane copy of {@link FlatDepthwise} stalled on it. All loads are whole vectors inside
 * x: a row's last vector reads on into the next row (those lanes only feed outputs past the row, which the
 * masked store drops); the first vector's left column is a shuffle of its odd columns with a zero moved in; the
 * row above the plane is a shared row of zeros and the plane's last row, when it ends x, is read from a copy.
 * The clamp is applied in registers, an activation in a second pass over the output plane while it is in cache.
 */
final class RowDepthwise3x3S2 {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Lane j takes lane 2j of two concatenated vectors (their even elements); {@link #ODD} lane 2j + 1. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, j -> 2 * j);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, j -> 2 * j + 1);
    /** Lane j takes lane j - 1 (lane 0 its own): odd columns moved one column right, to the left tap's place. */
    private static final VectorShuffle<Float> RIGHT = VectorShuffle.fromOp(S, j -> Math.max(j - 1, 0));
    /** The first lane only. */
    private static final VectorMask<Float> FIRST = VectorMask.fromLong(S, 1L);

    private RowDepthwise3x3S2() {
    }

    /** Whether this path computes the plane: 3x3, stride 2, pads before 1, h = 2 oh, w = 2 ow, ow at least a vector, oh at least 2. */
    static boolean fits(int kh, int kw, int sh, int sw, int oh, int ow, int h, int wd, int padTop, int padLeft) {
        return kh == 3 && kw == 3 && sh == 2 && sw == 2 && padTop == 1 && padLeft == 1 && h == 2 * oh && wd == 2 * ow
                && ow >= L && oh >= 2;
    }

    /**
     * Plane {@code plane} of y (N, C, OH, OW) from the same plane of x (N, C, H, W), weights w[wOff, wOff + 9),
     * then {@code e}'s clamp and activation; see {@link #fits}.
     */
    static void plane(float[] x, float[] w, int wOff, float bias, float[] y, int plane, int oh, int ow, Epilogue e) {
        int wd = 2 * ow;
        int xOff = plane * 4 * oh * ow;
        int yOff = plane * oh * ow;
        float lo = e.lo();
        float hi = e.hi();
        float[] z = DepthwiseEdgeRows.zeros(wd);
        row(z, L, x, xOff, x, xOff + wd, w, wOff, bias, lo, hi, y, yOff, ow);
        for (int r = 1; r < oh - 1; r++) {
            int top = xOff + (2 * r - 1) * wd;
            row(x, top, x, top + wd, x, top + 2 * wd, w, wOff, bias, lo, hi, y, yOff + r * ow, ow);
        }
        if (oh > 1) {
            int top = xOff + (2 * oh - 3) * wd;
            int last = top + 2 * wd;
            float[] xb = x;
            if (last + wd + 2 * L > x.length) {
                xb = DepthwiseEdgeRows.lastRow(wd);
                System.arraycopy(x, last, xb, 0, wd);
                last = 0;
            }
            row(x, top, x, top + wd, xb, last, w, wOff, bias, lo, hi, y, yOff + (oh - 1) * ow, ow);
        }
        if (e.activation() != Epilogue.Activation.NONE) {
            VectorActivation.apply(e.activation(), y, yOff, oh * ow);
        }
    }

    /**
     * One output row of ow values into y[yOff, yOff + ow) from the input rows at xt[r0], xm[r1] and xb[r2]
     * (the window's top, middle and bottom rows), each readable for wd + 2 L floats from there.
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
        for (int j = L; j + L <= ow; j += L) {
            int c = 2 * j;
            FloatVector a0 = FloatVector.fromArray(S, xt, r0 + c);
            FloatVector a1 = FloatVector.fromArray(S, xt, r0 + c + L);
            FloatVector m0 = FloatVector.fromArray(S, xt, r0 + c - 1);
            FloatVector m1 = FloatVector.fromArray(S, xt, r0 + c + L - 1);
            FloatVector p = m0.rearrange(EVEN, m1).fma(w0, b);
            FloatVector q = a0.rearrange(EVEN, a1).mul(w1);
            FloatVector s = a0.rearrange(ODD, a1).mul(w2);
            FloatVector b0 = FloatVector.fromArray(S, xm, r1 + c);
            FloatVector b1 = FloatVector.fromArray(S, xm, r1 + c + L);
            FloatVector n0 = FloatVector.fromArray(S, xm, r1 + c - 1);
            FloatVector n1 = FloatVector.fromArray(S, xm, r1 + c + L - 1);
            p = n0.rearrange(EVEN, n1).fma(w3, p);
            q = b0.rearrange(EVEN, b1).fma(w4, q);
            s = b0.rearrange(ODD, b1).fma(w5, s);
            FloatVector d0 = FloatVector.fromArray(S, xb, r2 + c);
            FloatVector d1 = FloatVector.fromArray(S, xb, r2 + c + L);
            FloatVector e0 = FloatVector.fromArray(S, xb, r2 + c - 1);
            FloatVector e1 = FloatVector.fromArray(S, xb, r2 + c + L - 1);
            p = e0.rearrange(EVEN, e1).fma(w6, p);
            q = d0.rearrange(EVEN, d1).fma(w7, q);
            s = d0.rearrange(ODD, d1).fma(w8, s);
            p.add(q).add(s).max(lo).min(hi).intoArray(y, yOff + j);
        }
        int tail = ow % L == 0 ? -1 : ow - ow % L;
        for (int k = 0; k < 2; k++) {
            int j = k == 0 ? 0 : tail;
            if (j < 0) {
                break;
            }
            int c = 2 * j;
            FloatVector a0 = FloatVector.fromArray(S, xt, r0 + c);
            FloatVector a1 = FloatVector.fromArray(S, xt, r0 + c + L);
            FloatVector odd = a0.rearrange(ODD, a1);
            FloatVector p = odd.rearrange(RIGHT).blend(c > 0 ? xt[r0 + c - 1] : 0f, FIRST).fma(w0, b);
            FloatVector q = a0.rearrange(EVEN, a1).mul(w1);
            FloatVector s = odd.mul(w2);
            FloatVector b0 = FloatVector.fromArray(S, xm, r1 + c);
            FloatVector b1 = FloatVector.fromArray(S, xm, r1 + c + L);
            odd = b0.rearrange(ODD, b1);
            p = odd.rearrange(RIGHT).blend(c > 0 ? xm[r1 + c - 1] : 0f, FIRST).fma(w3, p);
            q = b0.rearrange(EVEN, b1).fma(w4, q);
            s = odd.fma(w5, s);
            FloatVector d0 = FloatVector.fromArray(S, xb, r2 + c);
            FloatVector d1 = FloatVector.fromArray(S, xb, r2 + c + L);
            odd = d0.rearrange(ODD, d1);
            p = odd.rearrange(RIGHT).blend(c > 0 ? xb[r2 + c - 1] : 0f, FIRST).fma(w6, p);
            q = d0.rearrange(EVEN, d1).fma(w7, q);
            s = odd.fma(w8, s);
            FloatVector acc = p.add(q).add(s).max(lo).min(hi);
            if (j + L <= ow) {
                acc.intoArray(y, yOff + j);
            } else {
                acc.intoArray(y, yOff + j, S.indexInRange(j, ow));
            }
        }
    }
}
