package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.DepthwisePlane;
import dev.ondeck.engine.backend.portable.Epilogue;
import dev.ondeck.engine.ops.ConvOps;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution planes on the Vector API. 3x3 windows at stride 2 whose output rows are at least a vector
 * wide go to {@link RowDepthwise3x3S2}, at stride 1 on planes at least {@link RowDepthwise3x3S1#MIN_WIDTH} wide to
 * {@link RowDepthwise3x3S1}; other 3x3 and 5x5 windows whose output is the input's size (stride 1) or
 * half of it (stride 2) to {@link FlatDepthwise}; the rest as follows. The plane is first copied, zero-padded, into
 * {@code sh x sw} phase planes (for stride 2 the even and odd input columns are split with two-vector
 * selects as each row is copied), in which every tap of the window is one constant shift; the zero borders
 * are written only when the layout changes (per thread: consecutive planes of one convolution share it). Then each output vector is bias plus the taps' multiply-adds, with
 * the clamp and activation applied in registers before the one store. Output rows at least a vector wide are
 * computed row by row straight into y (masked tail); narrower ones (7x7, 14x14 with 16 lanes) over the
 * flattened phase rows, whose valid columns are then copied out.
 */
final class VectorDepthwise implements DepthwisePlane {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Lane j takes lane 2j of two concatenated vectors (their even elements); {@link #ODD} lane 2j + 1. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, j -> 2 * j);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, j -> 2 * j + 1);

    /**
     * One thread's phase planes, flattened accumulator and everything derived from the layout they were last
     * set up for: tap shifts, the phase row each input row starts at, the even and odd column offsets.
     */
    private static final class Scratch {
        float[] phases = new float[0];
        float[] acc = new float[0];
        int[] shifts = new int[0];
        int[] rowAt = new int[0];
        final int[] layout = new int[10];
        int cols;
        int phaseSize;
        int flat;
        int evenAt;
        int evens;
        int oddAt;
        int odds;

        /** Sets up (and zeroes) the phase planes for this layout unless they hold it already. */
        void prepare(int kh, int kw, int sh, int sw, int oh, int ow, int h, int wd, int padTop, int padLeft) {
            int[] l = layout;
            if (l[0] == kh && l[1] == kw && l[2] == sh && l[3] == sw && l[4] == oh && l[5] == ow && l[6] == h && l[7] == wd
                    && l[8] == padTop && l[9] == padLeft) {
                return;
            }
            l[0] = kh;
            l[1] = kw;
            l[2] = sh;
            l[3] = sw;
            l[4] = oh;
            l[5] = ow;
            l[6] = h;
            l[7] = wd;
            l[8] = padTop;
            l[9] = padLeft;
            int rows = oh + (kh - 1) / sh;
            cols = ow + (kw - 1) / sw;
            phaseSize = rows * cols;
            flat = (oh * cols + L - 1) / L * L;
            int need = sh * sw * phaseSize + 2 * L + kw;
            phases = phases.length < need ? new float[need] : phases;
            Arrays.fill(phases, 0, need, 0f);
            acc = acc.length < flat ? new float[flat] : acc;
            shifts = shifts.length < kh * kw ? new int[kh * kw] : shifts;
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    shifts[a * kw + b] = ((a % sh) * sw + b % sw) * phaseSize + (a / sh) * cols + b / sw;
                }
            }
            rowAt = rowAt.length < h ? new int[h] : rowAt;
            for (int ih = 0; ih < h; ih++) {
                int r = (ih + padTop) / sh;
                rowAt[ih] = r >= rows ? -1 : ((ih + padTop) % sh) * sw * phaseSize + r * cols;
            }
            evenAt = (padLeft % 2) * phaseSize + padLeft / 2;
            evens = Math.min((wd + 1) / 2, cols - padLeft / 2);
            oddAt = ((padLeft + 1) % 2) * phaseSize + (padLeft + 1) / 2;
            odds = Math.min(wd / 2, cols - (padLeft + 1) / 2);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public void plane(float[] x, float[] w, int ch, float bias, float[] y, int plane, int[] in3, ConvOps.Geometry g,
            Epilogue e) {
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int oh = g.out()[1];
        int ow = g.out()[2];
        if (RowDepthwise3x3S2.fits(kh, kw, g.strides()[1], g.strides()[2], oh, ow, in3[1], in3[2], g.padBegin()[1],
                g.padBegin()[2])) {
            RowDepthwise3x3S2.plane(x, w, ch * 9, bias, y, plane, oh, ow, e);
            return;
        }
        if (RowDepthwise3x3S1.fits(kh, kw, g.strides()[1], g.strides()[2], oh, ow, in3[1], in3[2], g.padBegin()[1],
                g.padBegin()[2])) {
            RowDepthwise3x3S1.plane(x, w, ch * 9, bias, y, plane, oh, ow, e);
            return;
        }
        if (FlatDepthwise.fits(kh, kw, g.strides()[1], g.strides()[2], oh, ow, in3[1], in3[2])) {
            FlatDepthwise.plane(x, w, ch * kh * kw, bias, y, plane, in3[1], in3[2], kh, kw, g.strides()[1], oh, ow,
                    g.padBegin()[1], g.padBegin()[2], e);
            return;
        }
        Scratch s = SCRATCH.get();
        s.prepare(kh, kw, g.strides()[1], g.strides()[2], oh, ow, in3[1], in3[2], g.padBegin()[1], g.padBegin()[2]);
        fill(x, plane * in3[1] * in3[2], in3[1], in3[2], g.strides()[2], g.padBegin()[2], s);
        float[] ph = s.phases;
        int cols = s.cols;
        int wOff = ch * kh * kw;
        int yOff = plane * oh * ow;
        if (ow >= L) {
            for (int r = 0; r < oh; r++) {
                span(ph, r * cols, ow, w, wOff, s.shifts, kh * kw, bias, e, y, yOff + r * ow);
            }
        } else {
            float[] acc = s.acc;
            span(ph, 0, s.flat, w, wOff, s.shifts, kh * kw, bias, e, acc, 0);
            VectorMask<Float> m = S.indexInRange(0, ow);
            for (int r = 0; r < oh; r++) {
                FloatVector.fromArray(S, acc, r * cols, m).intoArray(y, yOff + r * ow, m);
            }
        }
    }

    /**
     * Copies the plane x (h, wd) from {@code xOff} into the phase planes: phase (rh, rw) row r column c holds
     * x[r * sh + rh - padTop][c * sw + rw - padLeft]; positions outside the input stay zero.
     */
    private static void fill(float[] x, int xOff, int h, int wd, int sw, int padLeft, Scratch s) {
        float[] ph = s.phases;
        for (int ih = 0; ih < h; ih++) {
            int at = s.rowAt[ih];
            if (at < 0) {
                continue;
            }
            int src = xOff + ih * wd;
            if (sw == 1) {
                copy(x, src, ph, at + padLeft, Math.min(wd, s.cols - padLeft));
            } else if (sw == 2) {
                split(x, src, wd, ph, at + s.evenAt, s.evens, at + s.oddAt, s.odds);
            } else {
                for (int ix = 0; ix < wd; ix++) {
                    int c = (ix + padLeft) / sw;
                    if (c < s.cols) {
                        ph[((ix + padLeft) % sw) * s.phaseSize + at + c] = x[src + ix];
                    }
                }
            }
        }
    }

    /**
     * dst[dstOff + j] = finish(bias + sum over taps t of w[wOff + t] * ph[from + shifts[t] + j]) for j < n (a
     * masked last vector). The loops keep every vector inside one method (no vector crosses a call, so none is
     * boxed); the activation is a second pass over the span while it is in cache.
     */
    private static void span(float[] ph, int from, int n, float[] w, int wOff, int[] shifts, int taps, float bias,
            Epilogue e, float[] dst, int dstOff) {
        if (taps == 9) {
            span9(ph, from, n, w, wOff, shifts, bias, e.lo(), e.hi(), dst, dstOff);
        } else {
            spanAny(ph, from, n, w, wOff, shifts, taps, bias, e.lo(), e.hi(), dst, dstOff);
        }
        if (e.activation() != Epilogue.Activation.NONE) {
            VectorActivation.apply(e.activation(), dst, dstOff, n);
        }
    }

    private static void spanAny(float[] ph, int from, int n, float[] w, int wOff, int[] shifts, int taps, float bias,
            float lo, float hi, float[] dst, int dstOff) {
        for (int j = 0; j < n; j += L) {
            int at = from + j;
            FloatVector acc = FloatVector.broadcast(S, bias);
            for (int t = 0; t < taps; t++) {
                acc = FloatVector.fromArray(S, ph, at + shifts[t]).fma(FloatVector.broadcast(S, w[wOff + t]), acc);
            }
            acc = acc.max(lo).min(hi);
            if (j + L <= n) {
                acc.intoArray(dst, dstOff + j);
            } else {
                acc.intoArray(dst, dstOff + j, S.indexInRange(j, n));
            }
        }
    }

    /** The 3x3 window: weights in registers, two independent chains. */
    private static void span9(float[] ph, int from, int n, float[] w, int wOff, int[] sh, float bias, float lo, float hi,
            float[] dst, int dstOff) {
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
        int s0 = from + sh[0];
        int s1 = from + sh[1];
        int s2 = from + sh[2];
        int s3 = from + sh[3];
        int s4 = from + sh[4];
        int s5 = from + sh[5];
        int s6 = from + sh[6];
        int s7 = from + sh[7];
        int s8 = from + sh[8];
        for (int j = 0; j < n; j += L) {
            FloatVector p = FloatVector.fromArray(S, ph, s0 + j).fma(w0, b);
            FloatVector q = FloatVector.fromArray(S, ph, s1 + j).mul(w1);
            p = FloatVector.fromArray(S, ph, s2 + j).fma(w2, p);
            q = FloatVector.fromArray(S, ph, s3 + j).fma(w3, q);
            p = FloatVector.fromArray(S, ph, s4 + j).fma(w4, p);
            q = FloatVector.fromArray(S, ph, s5 + j).fma(w5, q);
            p = FloatVector.fromArray(S, ph, s6 + j).fma(w6, p);
            q = FloatVector.fromArray(S, ph, s7 + j).fma(w7, q);
            p = FloatVector.fromArray(S, ph, s8 + j).fma(w8, p);
            FloatVector acc = p.add(q).max(lo).min(hi);
            if (j + L <= n) {
                acc.intoArray(dst, dstOff + j);
            } else {
                acc.intoArray(dst, dstOff + j, S.indexInRange(j, n));
            }
        }
    }

    /** dst[d + j] = x[src + j] for j < n. */
    private static void copy(float[] x, int src, float[] dst, int d, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += L) {
            FloatVector.fromArray(S, x, src + j).intoArray(dst, d + j);
        }
        if (j < n) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector.fromArray(S, x, src + j, m).intoArray(dst, d + j, m);
        }
    }

    /** ph[even + k] = x[src + 2k] for k < evens, ph[odd + k] = x[src + 2k + 1] for k < odds; the row has wd floats. */
    private static void split(float[] x, int src, int wd, float[] ph, int even, int evens, int odd, int odds) {
        int pairs = Math.max(evens, odds);
        for (int k = 0; k < pairs; k += L) {
            int at = 2 * k;
            FloatVector v0;
            FloatVector v1;
            if (at + 2 * L <= wd) {
                v0 = FloatVector.fromArray(S, x, src + at);
                v1 = FloatVector.fromArray(S, x, src + at + L);
            } else {
                v0 = FloatVector.fromArray(S, x, src + at, S.indexInRange(at, wd));
                v1 = at + L < wd ? FloatVector.fromArray(S, x, src + at + L, S.indexInRange(at + L, wd)) : FloatVector.zero(S);
            }
            FloatVector e = v0.rearrange(EVEN, v1);
            FloatVector o = v0.rearrange(ODD, v1);
            if (k + L <= evens) {
                e.intoArray(ph, even + k);
            } else if (k < evens) {
                e.intoArray(ph, even + k, S.indexInRange(k, evens));
            }
            if (k + L <= odds) {
                o.intoArray(ph, odd + k);
            } else if (k < odds) {
                o.intoArray(ph, odd + k, S.indexInRange(k, odds));
            }
        }
    }
}
