package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.Epilogue;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise planes whose output is the input's size (stride 1) or half of it (stride 2, even input), computed
 * over the flattened output plane: every vector of L consecutive outputs, whatever rows it spans, is bias plus
 * one multiply-add per tap of a vector loaded at a constant shift, so 7x7 and 14x14 planes vectorise as well as
 * 112x112 ones, and the result is stored straight into y. The input is copied once per plane into a zero-margined
 * buffer (stride 2: split into four phase planes of even/odd rows and columns over the flattened plane, by
 * lane compression, so narrow rows cost no per-row tail); taps that would wrap round a row
 * edge are grouped by column shift and added under a precomputed lane mask. The clamp is applied in registers,
 * an activation (SiLU, HardSwish) in a second pass over the plane (in the loop, its call would box the vectors).
 */
final class FlatDepthwise {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Lane j takes lane 2j of two concatenated vectors (their even elements); {@link #ODD} lane 2j + 1. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, j -> 2 * j);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, j -> 2 * j + 1);

    private FlatDepthwise() {
    }

    /**
     * Whether this path computes the plane: a 3x3 or 5x5 window with unit dilations, and stride 1 with oh = h, ow = w or
     * stride 2 with h = 2 oh, w = 2 ow.
     */
    static boolean fits(int kh, int kw, int sh, int sw, int oh, int ow, int h, int wd) {
        return (kh == 3 && kw == 3 || kh == 5 && kw == 5) && (sh == 1 && sw == 1 && oh == h && ow == wd || sh == 2 && sw == 2 && h == 2 * oh
                && wd == 2 * ow);
    }

    /**
     * One thread's buffers for one layout: the zero-margined phase planes, each tap's read offset and weight index
     * (taps grouped by column shift), and per group the lanes whose column stays inside the row (null: all).
     */
    private static final class Layout {
        final int[] key = new int[9];
        float[] ph = new float[0];
        int[] tapAt = new int[0];
        int[] tapW = new int[0];
        boolean[][] masks = new boolean[0][];
        int plane;
        int dataAt;
        int n;
        /** The last vector of the last plane, which a masked store would reach past y with. */
        final float[] tail = new float[L];
        /** Over the even-column half of a stride-2 plane (2 oh x ow, flattened): whether the lane's row is even; odd. */
        boolean[] evenRow = new boolean[0];
        boolean[] oddRow = new boolean[0];
        /** A 5x5 window's partial sums over the plane (n rounded up to whole vectors). */
        float[] acc = new float[0];

        boolean same(int kh, int kw, int s, int oh, int ow, int padTop, int padLeft) {
            return key[0] == kh && key[1] == kw && key[2] == s && key[3] == oh && key[4] == ow && key[5] == padTop
                    && key[6] == padLeft && key[7] == 1;
        }

        void set(int kh, int kw, int s, int oh, int ow, int padTop, int padLeft) {
            int[] k = {kh, kw, s, oh, ow, padTop, padLeft, 1};
            System.arraycopy(k, 0, key, 0, k.length);
            int top = 0;
            int bottom = 0;
            for (int a = 0; a < kh; a++) {
                top = Math.max(top, -Math.floorDiv(a - padTop, s));
                bottom = Math.max(bottom, Math.floorDiv(a - padTop, s));
            }
            n = oh * ow;
            dataAt = L + top * ow;
            plane = (top + oh + bottom) * ow + 2 * L + 2 * kw;
            int need = s * s * plane;
            ph = ph.length < need ? new float[need] : ph;
            Arrays.fill(ph, 0, need, 0f);
            acc = acc.length < n + L ? new float[n + L] : acc;
            if (s == 2) {
                evenRow = new boolean[2 * n + L];
                oddRow = new boolean[2 * n + L];
                for (int i = 0; i < 2 * n; i++) {
                    evenRow[i] = i / ow % 2 == 0;
                    oddRow[i] = i / ow % 2 == 1;
                }
            }
            int taps = kh * kw;
            tapAt = new int[taps];
            tapW = new int[taps];
            masks = new boolean[kw][];
            for (int c = 0; c < kw; c++) {
                int e = Math.floorDiv(c - padLeft, s);
                masks[c] = columnMask(e, oh, ow);
                for (int a = 0; a < kh; a++) {
                    int phase = Math.floorMod(a - padTop, s) * s + Math.floorMod(c - padLeft, s);
                    tapAt[c * kh + a] = phase * plane + dataAt + Math.floorDiv(a - padTop, s) * ow + e;
                    tapW[c * kh + a] = a * kw + c;
                }
            }
        }
    }

    /** valid[o] = whether column (o mod ow) + e lies in [0, ow) (and false past the plane). */
    private static boolean[] columnMask(int e, int oh, int ow) {
        boolean[] valid = new boolean[oh * ow + L];
        for (int o = 0; o < oh * ow; o++) {
            int c = o % ow + e;
            valid[o] = c >= 0 && c < ow;
        }
        return valid;
    }

    /**
     * Per thread, the layouts of the last {@code CACHED} plane geometries met (a network's depthwise layers take
     * turns, so one layout per thread would be rebuilt, allocating, at every layer of every run).
     */
    private static final int CACHED = 16;

    /** One thread's layouts, the one used last (checked first: consecutive planes share it) and the next slot. */
    private static final class Layouts {
        final Layout[] cache = new Layout[CACHED];
        Layout last;
        int next;
    }

    private static final ThreadLocal<Layouts> LAYOUTS = ThreadLocal.withInitial(Layouts::new);

    /** This thread's layout for the geometry, built on first use (replacing the oldest when all are taken). */
    private static Layout layout(int kh, int kw, int s, int oh, int ow, int padTop, int padLeft) {
        Layouts ls = LAYOUTS.get();
        if (ls.last != null && ls.last.same(kh, kw, s, oh, ow, padTop, padLeft)) {
            return ls.last;
        }
        for (Layout l : ls.cache) {
            if (l != null && l.same(kh, kw, s, oh, ow, padTop, padLeft)) {
                ls.last = l;
                return l;
            }
        }
        Layout l = new Layout();
        l.set(kh, kw, s, oh, ow, padTop, padLeft);
        ls.cache[ls.next] = l;
        ls.next = (ls.next + 1) % CACHED;
        ls.last = l;
        return l;
    }

    /** Plane {@code plane} of y (N, C, OH, OW) from the same plane of x (N, C, H, W); see {@link #fits}. */
    static void plane(float[] x, float[] w, int wOff, float bias, float[] y, int plane, int h, int wd, int kh, int kw,
            int s, int oh, int ow, int padTop, int padLeft, Epilogue e) {
        Layout l = layout(kh, kw, s, oh, ow, padTop, padLeft);
        int xOff = plane * h * wd;
        if (s == 1) {
            System.arraycopy(x, xOff, l.ph, l.dataAt, h * wd);
        } else {
            compact(x, xOff, l);
        }
        if (kh == 3) {
            sums(l, w, wOff, bias, e, y, plane * l.n);
        } else {
            float[] acc = l.acc;
            for (int c = 0; c < 5; c++) {
                column5(l, c, w, wOff, bias, e, c == 4 ? y : acc, c == 4 ? plane * l.n : 0);
            }
        }
        if (e.activation() != Epilogue.Activation.NONE) {
            VectorActivation.apply(e.activation(), y, plane * l.n, l.n);
        }
    }

    /**
     * One column c of a 5x5 window over the flattened plane, its five taps' sum added under the column's lane
     * mask: the first column starts l.acc from the bias, the last writes the clamped sum to y.
     */
    private static void column5(Layout l, int c, float[] w, int wOff, float bias, Epilogue e, float[] dst, int dstOff) {
        float[] ph = l.ph;
        float[] acc = l.acc;
        boolean[] m = l.masks[c];
        int t0 = l.tapAt[c * 5];
        int t1 = l.tapAt[c * 5 + 1];
        int t2 = l.tapAt[c * 5 + 2];
        int t3 = l.tapAt[c * 5 + 3];
        int t4 = l.tapAt[c * 5 + 4];
        FloatVector w0 = FloatVector.broadcast(S, w[wOff + c]);
        FloatVector w1 = FloatVector.broadcast(S, w[wOff + 5 + c]);
        FloatVector w2 = FloatVector.broadcast(S, w[wOff + 10 + c]);
        FloatVector w3 = FloatVector.broadcast(S, w[wOff + 15 + c]);
        FloatVector w4 = FloatVector.broadcast(S, w[wOff + 20 + c]);
        FloatVector b = FloatVector.broadcast(S, bias);
        boolean last = c == 4;
        int n = l.n;
        float lo = e.lo();
        float hi = e.hi();
        for (int o = 0; o < n; o += L) {
            FloatVector p = FloatVector.fromArray(S, ph, t0 + o).mul(w0);
            FloatVector q = FloatVector.fromArray(S, ph, t1 + o).mul(w1);
            p = FloatVector.fromArray(S, ph, t2 + o).fma(w2, p);
            q = FloatVector.fromArray(S, ph, t3 + o).fma(w3, q);
            p = FloatVector.fromArray(S, ph, t4 + o).fma(w4, p);
            FloatVector sum = (c == 0 ? b : FloatVector.fromArray(S, acc, o)).add(p.add(q), VectorMask.fromArray(S, m, o));
            if (!last) {
                sum.intoArray(acc, o);
                continue;
            }
            sum = sum.max(lo).min(hi);
            if (o + L <= n) {
                sum.intoArray(dst, dstOff + o);
            } else if (dstOff + o + L <= dst.length) {
                sum.intoArray(dst, dstOff + o, S.indexInRange(o, n));
            } else {
                sum.intoArray(l.tail, 0);
                System.arraycopy(l.tail, 0, dst, dstOff + o, n - o);
            }
        }
    }

    /**
     * The four phase planes of a stride-2 plane at once, over the flattened plane (its width is even, so even
     * flat positions are even columns): each pair of vectors of x gives a vector of even and one of odd columns,
     * whose lanes are compressed by row parity onto the end of their phase plane, with masked stores so the
     * zero margin after each plane stays zero. Rows narrower than a vector cost no masked tail per row.
     */
    private static void compact(float[] x, int xOff, Layout l) {
        float[] ph = l.ph;
        int nE = 2 * l.n;
        int p00 = l.dataAt;
        int p01 = l.plane + l.dataAt;
        int p10 = 2 * l.plane + l.dataAt;
        int p11 = 3 * l.plane + l.dataAt;
        for (int t = 0; t < nE; t += L) {
            int at = xOff + 2 * t;
            FloatVector v0;
            FloatVector v1;
            if (at + 2 * L <= x.length) {
                v0 = FloatVector.fromArray(S, x, at);
                v1 = FloatVector.fromArray(S, x, at + L);
            } else {
                v0 = FloatVector.fromArray(S, x, at, S.indexInRange(at, x.length));
                v1 = FloatVector.fromArray(S, x, at + L, S.indexInRange(at + L, x.length));
            }
            FloatVector even = v0.rearrange(EVEN, v1);
            FloatVector odd = v0.rearrange(ODD, v1);
            VectorMask<Float> er = VectorMask.fromArray(S, l.evenRow, t);
            VectorMask<Float> or = VectorMask.fromArray(S, l.oddRow, t);
            VectorMask<Float> firstE = er.compress();
            VectorMask<Float> firstO = or.compress();
            even.compress(er).intoArray(ph, p00, firstE);
            odd.compress(er).intoArray(ph, p01, firstE);
            even.compress(or).intoArray(ph, p10, firstO);
            odd.compress(or).intoArray(ph, p11, firstO);
            int ce = er.trueCount();
            int co = or.trueCount();
            p00 += ce;
            p01 += ce;
            p10 += co;
            p11 += co;
        }
    }

    /**
     * y[yOff + o] = clamp(bias + the taps' sums), o < n, vector by vector, for a 3x3 window: taps in three groups
     * of three (by column), each group's sum added under its lane mask.
     */
    private static void sums(Layout l, float[] w, int wOff, float bias, Epilogue e, float[] y, int yOff) {
        float[] ph = l.ph;
        int[] at = l.tapAt;
        int[] tw = l.tapW;
        boolean[] m0 = l.masks[0];
        boolean[] m1 = l.masks[1];
        boolean[] m2 = l.masks[2];
        int t0 = at[0];
        int t1 = at[1];
        int t2 = at[2];
        int t3 = at[3];
        int t4 = at[4];
        int t5 = at[5];
        int t6 = at[6];
        int t7 = at[7];
        int t8 = at[8];
        FloatVector w0 = FloatVector.broadcast(S, w[wOff + tw[0]]);
        FloatVector w1 = FloatVector.broadcast(S, w[wOff + tw[1]]);
        FloatVector w2 = FloatVector.broadcast(S, w[wOff + tw[2]]);
        FloatVector w3 = FloatVector.broadcast(S, w[wOff + tw[3]]);
        FloatVector w4 = FloatVector.broadcast(S, w[wOff + tw[4]]);
        FloatVector w5 = FloatVector.broadcast(S, w[wOff + tw[5]]);
        FloatVector w6 = FloatVector.broadcast(S, w[wOff + tw[6]]);
        FloatVector w7 = FloatVector.broadcast(S, w[wOff + tw[7]]);
        FloatVector w8 = FloatVector.broadcast(S, w[wOff + tw[8]]);
        FloatVector b = FloatVector.broadcast(S, bias);
        int n = l.n;
        float lo = e.lo();
        float hi = e.hi();
        for (int o = 0; o < n; o += L) {
            FloatVector p = FloatVector.fromArray(S, ph, t0 + o).mul(w0);
            FloatVector q = FloatVector.fromArray(S, ph, t3 + o).mul(w3);
            FloatVector r = FloatVector.fromArray(S, ph, t6 + o).mul(w6);
            p = FloatVector.fromArray(S, ph, t1 + o).fma(w1, p);
            q = FloatVector.fromArray(S, ph, t4 + o).fma(w4, q);
            r = FloatVector.fromArray(S, ph, t7 + o).fma(w7, r);
            p = FloatVector.fromArray(S, ph, t2 + o).fma(w2, p);
            q = FloatVector.fromArray(S, ph, t5 + o).fma(w5, q);
            r = FloatVector.fromArray(S, ph, t8 + o).fma(w8, r);
            FloatVector acc = b.add(p, VectorMask.fromArray(S, m0, o)).add(q, VectorMask.fromArray(S, m1, o))
                    .add(r, VectorMask.fromArray(S, m2, o));
            acc = acc.max(lo).min(hi);
            if (o + L <= n) {
                acc.intoArray(y, yOff + o);
            } else if (yOff + o + L <= y.length) {
                acc.intoArray(y, yOff + o, S.indexInRange(o, n));
            } else {
                acc.intoArray(l.tail, 0);
                System.arraycopy(l.tail, 0, y, yOff + o, n - o);
            }
        }
    }
}
