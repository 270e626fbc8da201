package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.PoolWindows;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PoolWindows} on the Vector API: for a batch of output rows, first each row's window rows reduced into a
 * small buffer, then per output row blocks of one vector of outputs, each the max (or sum) of the window's column
 * taps in that buffer, a tap being one load for stride 1 and the even lanes of two loads for stride 2; the last block
 * of a row is stored under a mask. Reducing a whole batch first keeps the column taps' unaligned loads away from the
 * stores just made (27x27 planes: 68 -> 52 us for SqueezeNet's 256). Padded planes are read in place too
 * ({@link #poolPadded}: ResNet18's 3x3 s2 p1 MaxPool over 64x112^2, 237 -> 200 us). Column strides above 2 take the
 * portable loop.
 *
 * <p>Max first works on the planes' bits as ints ({@link #maxBits}): for floats whose sign bit is clear (zeros,
 * positive numbers, infinity, NaN) the order of their bits as ints is their order as floats, so one integer max
 * replaces the float max, which C2 emits as six instructions for Java's NaN and signed-zero rules, and a stride-2
 * tap is one two-vector select. Every input vector loaded is or-ed in; if any had a sign bit set (a negative
 * input, -0, a negative NaN), the plane is pooled again by the float max. Max pools after Relu (SqueezeNet's,
 * ResNet18's) thus never take the float max.
 */
final class VectorPooling implements PoolWindows {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Lane j takes lane 2j of the concatenation of two vectors (the even elements of 2 * L floats). */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, j -> 2 * j);
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    /** Lane j selects lane 2j of two concatenated vectors, as an index vector for {@code selectFrom}. */
    private static final IntVector EVEN_INDEX = IntVector.zero(I).addIndex(2);
    /** Lane j selects lane 2j + 1 of two concatenated vectors. */
    private static final IntVector ODD_INDEX = IntVector.broadcast(I, 1).addIndex(2);
    /** Lane j selects lane j + 1 of two concatenated vectors. */
    private static final IntVector NEXT_INDEX = IntVector.broadcast(I, 1).addIndex(1);
    /** The neutral element of the bits' max: -0f, whose bits are the least int. */
    private static final float LEAST_BITS = Float.intBitsToFloat(Integer.MIN_VALUE);
    /** Reduced window rows kept per batch of output rows (16 KiB, within the first-level cache). */
    private static final int BATCH_FLOATS = 4096;
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    @Override
    public int slack() {
        return 4 * L;
    }

    @Override
    public void pool(boolean max, float[] p, int pOff, int pitch, Shape s, float[] inverseCounts, float[] y, int yOff) {
        int sw = s.sw;
        if (sw > 2) {
            PORTABLE.pool(max, p, pOff, pitch, s, inverseCounts, y, yOff);
            return;
        }
        if (max && maxBits(p, pOff, pitch, s, y, yOff, -1, 0, 0, 0)) {
            return;
        }
        int ow = s.ow;
        int width = (ow - 1) * sw + (s.kw - 1) * s.dw + 1;
        int vp = S.loopBound(width + L - 1) + slack(); // floats per reduced row
        int batch = Math.max(1, Math.min(s.oh, BATCH_FLOATS / vp));
        float[] v = buffer(batch * vp); // (batch, vp): the window rows of a batch of output rows, reduced
        for (int i0 = 0; i0 < s.oh; i0 += batch) {
            int i1 = Math.min(s.oh, i0 + batch);
            for (int i = i0; i < i1; i++) {
                int r0 = pOff + i * s.sh * pitch;
                if (max) {
                    rowsMax(p, r0, s.dh * pitch, s.kh, v, (i - i0) * vp, width);
                } else {
                    rowsSum(p, r0, s.dh * pitch, s.kh, v, (i - i0) * vp, width);
                }
            }
            for (int i = i0; i < i1; i++) {
                columns(max, v, (i - i0) * vp, s, inverseCounts, y, yOff, i);
            }
        }
    }

    /**
     * Reads the input plane itself (no padded copy, which cost a sixth of ResNet18's padded MaxPool): each output
     * row's window rows that lie inside the input are reduced into the buffer at its left padding, the buffer's
     * padding and overhang columns written with the neutral value; then the columns as in {@link #pool}.
     */
    @Override
    public boolean poolPadded(boolean max, float[] x, int xOff, int h, int w, int cols, int padTop, int padLeft, Shape s,
            float[] inverseCounts, float[] y, int yOff) {
        if (s.sw > 2) {
            return false;
        }
        if (max && maxBits(x, xOff, w, s, y, yOff, h, cols, padTop, padLeft)) {
            return true;
        }
        int width = (s.ow - 1) * s.sw + (s.kw - 1) * s.dw + 1;
        int vp = S.loopBound(width + L - 1) + slack();
        int batch = Math.max(1, Math.min(s.oh, BATCH_FLOATS / vp));
        float[] v = buffer(batch * vp);
        float neutral = max ? Float.NEGATIVE_INFINITY : 0f;
        for (int i0 = 0; i0 < s.oh; i0 += batch) {
            int i1 = Math.min(s.oh, i0 + batch);
            for (int i = i0; i < i1; i++) {
                int vOff = (i - i0) * vp;
                int top = i * s.sh - padTop; // the window's first row, maybe above the input
                int a0 = top >= 0 ? 0 : (-top + s.dh - 1) / s.dh;
                int a1 = Math.min(s.kh, (h - top + s.dh - 1) / s.dh);
                Arrays.fill(v, vOff, vOff + padLeft, neutral);
                reduceRows(max, x, xOff + (top + a0 * s.dh) * w, s.dh * w, a1 - a0, cols, v, vOff + padLeft);
                Arrays.fill(v, vOff + padLeft + cols, vOff + vp, neutral);
            }
            for (int i = i0; i < i1; i++) {
                columns(max, v, (i - i0) * vp, s, inverseCounts, y, yOff, i);
            }
        }
        return true;
    }

    /**
     * Max pooling on the bits as ints: as {@link #pool} ({@code h < 0}: the plane at x[xOff ..] with rows of
     * {@code w} floats, every window inside) or as {@link #poolPadded} (x[xOff ..] h rows of w floats, {@code cols}
     * of them read, the padding taking -0f, whose bits are the least int). Returns false where an input vector it
     * loaded had a sign bit set; y then holds nothing valid and the caller pools the plane with the float max.
     */
    private static boolean maxBits(float[] x, int xOff, int w, Shape s, float[] y, int yOff, int h, int cols, int padTop,
            int padLeft) {
        boolean k3s2 = s.kh == 3 && s.kw == 3 && s.sh == 2 && s.sw == 2 && s.dh == 1 && s.dw == 1;
        if (h < 0 && k3s2) {
            return fused3x3s2(x, xOff, w, 2 * s.oh + 1, 0, 0, s.oh, s.ow, y, yOff);
        }
        if (k3s2 && padTop <= 1 && padLeft <= 1 && 2 * s.ow - padLeft <= w - 1
                && xOff + (h - 1) * w - padLeft + 2 * S.loopBound(s.ow + L - 1) + 2 * L <= x.length) {
            return fused3x3s2(x, xOff, w, h, padTop, padLeft, s.oh, s.ow, y, yOff);
        }
        int width = (s.ow - 1) * s.sw + (s.kw - 1) * s.dw + 1;
        int vp = S.loopBound(width + L - 1) + 4 * L; // columns3s2 reads up to 4L - 3 past the last window column
        int batch = Math.max(1, Math.min(s.oh, BATCH_FLOATS / vp));
        float[] v = buffer(batch * vp);
        for (int i0 = 0; i0 < s.oh; i0 += batch) {
            int i1 = Math.min(s.oh, i0 + batch);
            for (int i = i0; i < i1; i++) {
                int vOff = (i - i0) * vp;
                boolean clear;
                if (h < 0) {
                    clear = rowsBits(x, xOff + i * s.sh * w, s.dh * w, s.kh, S.loopBound(width + L - 1), v, vOff);
                } else {
                    int top = i * s.sh - padTop;
                    int a0 = top >= 0 ? 0 : (-top + s.dh - 1) / s.dh;
                    int a1 = Math.min(s.kh, (h - top + s.dh - 1) / s.dh);
                    Arrays.fill(v, vOff, vOff + padLeft, LEAST_BITS);
                    clear = rowsBits(x, xOff + (top + a0 * s.dh) * w, s.dh * w, a1 - a0, cols, v, vOff + padLeft);
                    Arrays.fill(v, vOff + padLeft + cols, vOff + vp, LEAST_BITS);
                }
                if (!clear) {
                    return false;
                }
            }
            for (int i = i0; i < i1; i++) {
                if (k3s2) {
                    columns3s2(v, (i - i0) * vp, s.ow, y, yOff + i * s.ow);
                } else {
                    columnsBits(v, (i - i0) * vp, s, y, yOff + i * s.ow);
                }
            }
        }
        return true;
    }

    /**
     * The 3x3 stride-2 max ({@link #maxBits}) in registers, no buffer, over the plane x[xOff ..] (h rows of w
     * floats) with at most one row and column of padding before it and none after the last window: per output row
     * and block of L outputs, the three window rows' max over 2L columns (six loads), split into even and odd
     * columns by two-vector selects; the third tap is the even columns shifted by one lane, the next block's first
     * even column entering (the next block's even columns are computed here and carried over). A padding row is
     * read as the row next to it (max is idempotent), the padding column as zero (the least non-negative bits) by a
     * masked first load. Reads up to 4L - 3 floats past a row's last window column. Returns false, after the
     * first output row that read one, where a sign bit was set in what it read.
     */
    private static boolean fused3x3s2(float[] x, int xOff, int w, int h, int padTop, int padLeft, int oh, int ow,
            float[] y, int yOff) {
        IntVector seen = IntVector.zero(I);
        VectorMask<Float> first = S.indexInRange(-padLeft, L - padLeft); // lanes padLeft .. L - 1
        for (int i = 0; i < oh; i++) {
            int top = 2 * i - padTop;
            int r0 = xOff + Math.max(0, top) * w - padLeft;
            int r1 = xOff + (top + 1) * w - padLeft;
            int r2 = xOff + Math.min(h - 1, top + 2) * w - padLeft;
            int yRow = yOff + i * ow;
            IntVector t0 = FloatVector.fromArray(S, x, r0, first).reinterpretAsInts();
            IntVector t1 = FloatVector.fromArray(S, x, r1, first).reinterpretAsInts();
            IntVector t2 = FloatVector.fromArray(S, x, r2, first).reinterpretAsInts();
            IntVector u0 = FloatVector.fromArray(S, x, r0 + L).reinterpretAsInts();
            IntVector u1 = FloatVector.fromArray(S, x, r1 + L).reinterpretAsInts();
            IntVector u2 = FloatVector.fromArray(S, x, r2 + L).reinterpretAsInts();
            seen = seen.or(t0).or(t1).or(t2).or(u0).or(u1).or(u2);
            IntVector a = t0.max(t1).max(t2);
            IntVector b = u0.max(u1).max(u2);
            IntVector even = EVEN_INDEX.selectFrom(a, b);
            IntVector odd = ODD_INDEX.selectFrom(a, b);
            for (int j0 = 0; j0 < ow; j0 += L) {
                int c = 2 * j0 + 2 * L;
                t0 = FloatVector.fromArray(S, x, r0 + c).reinterpretAsInts();
                t1 = FloatVector.fromArray(S, x, r1 + c).reinterpretAsInts();
                t2 = FloatVector.fromArray(S, x, r2 + c).reinterpretAsInts();
                u0 = FloatVector.fromArray(S, x, r0 + c + L).reinterpretAsInts();
                u1 = FloatVector.fromArray(S, x, r1 + c + L).reinterpretAsInts();
                u2 = FloatVector.fromArray(S, x, r2 + c + L).reinterpretAsInts();
                seen = seen.or(t0).or(t1).or(t2).or(u0).or(u1).or(u2);
                a = t0.max(t1).max(t2);
                b = u0.max(u1).max(u2);
                IntVector nextEven = EVEN_INDEX.selectFrom(a, b);
                FloatVector out = even.max(odd).max(NEXT_INDEX.selectFrom(even, nextEven)).reinterpretAsFloats();
                if (j0 + L <= ow) {
                    out.intoArray(y, yRow + j0);
                } else {
                    out.intoArray(y, yRow + j0, S.indexInRange(j0, ow));
                }
                even = nextEven;
                odd = ODD_INDEX.selectFrom(a, b);
            }
            if (seen.compare(VectorOperators.LT, 0).anyTrue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Output row y[yRow ..] of a 3x3 stride-2 max from its window rows reduced into v[vOff ..] (as ints): two
     * loads per block of L outputs, split into even and odd columns, the third tap the even columns shifted by
     * one lane (carried over from the next block, as in {@link #fused3x3s2}).
     */
    private static void columns3s2(float[] v, int vOff, int ow, float[] y, int yRow) {
        IntVector a = FloatVector.fromArray(S, v, vOff).reinterpretAsInts();
        IntVector b = FloatVector.fromArray(S, v, vOff + L).reinterpretAsInts();
        IntVector even = EVEN_INDEX.selectFrom(a, b);
        IntVector odd = ODD_INDEX.selectFrom(a, b);
        for (int j0 = 0; j0 < ow; j0 += L) {
            int c = vOff + 2 * j0 + 2 * L;
            a = FloatVector.fromArray(S, v, c).reinterpretAsInts();
            b = FloatVector.fromArray(S, v, c + L).reinterpretAsInts();
            IntVector nextEven = EVEN_INDEX.selectFrom(a, b);
            FloatVector out = even.max(odd).max(NEXT_INDEX.selectFrom(even, nextEven)).reinterpretAsFloats();
            if (j0 + L <= ow) {
                out.intoArray(y, yRow + j0);
            } else {
                out.intoArray(y, yRow + j0, S.indexInRange(j0, ow));
            }
            even = nextEven;
            odd = ODD_INDEX.selectFrom(a, b);
        }
    }

    /**
     * v[vOff + c] = the int max over a &lt; n of the bits of x[r0 + a * step + c], c &lt; cols (the tail under a
     * mask); returns whether no sign bit was set in what it read.
     */
    private static boolean rowsBits(float[] x, int r0, int step, int n, int cols, float[] v, int vOff) {
        IntVector seen = IntVector.zero(I);
        int c = 0;
        for (; c + L <= cols; c += L) {
            IntVector acc = FloatVector.fromArray(S, x, r0 + c).reinterpretAsInts();
            seen = seen.or(acc);
            for (int a = 1; a < n; a++) {
                IntVector t = FloatVector.fromArray(S, x, r0 + a * step + c).reinterpretAsInts();
                seen = seen.or(t);
                acc = acc.max(t);
            }
            acc.reinterpretAsFloats().intoArray(v, vOff + c);
        }
        if (c < cols) {
            VectorMask<Float> m = S.indexInRange(c, cols);
            IntVector acc = FloatVector.fromArray(S, x, r0 + c, m).reinterpretAsInts();
            seen = seen.or(acc);
            for (int a = 1; a < n; a++) {
                IntVector t = FloatVector.fromArray(S, x, r0 + a * step + c, m).reinterpretAsInts();
                seen = seen.or(t);
                acc = acc.max(t);
            }
            acc.reinterpretAsFloats().intoArray(v, vOff + c, m);
        }
        return !seen.compare(VectorOperators.LT, 0).anyTrue();
    }

    /** The output row at y[yRow ..] from its window rows reduced (as ints) into v[vOff ..]. */
    private static void columnsBits(float[] v, int vOff, Shape s, float[] y, int yRow) {
        int ow = s.ow;
        boolean stride2 = s.sw == 2;
        for (int j0 = 0; j0 < ow; j0 += L) {
            int c = vOff + (stride2 ? 2 * j0 : j0);
            IntVector acc = FloatVector.fromArray(S, v, c).reinterpretAsInts();
            if (stride2) {
                acc = EVEN_INDEX.selectFrom(acc, FloatVector.fromArray(S, v, c + L).reinterpretAsInts());
            }
            for (int b = 1; b < s.kw; b++) {
                int at = c + b * s.dw;
                IntVector t = FloatVector.fromArray(S, v, at).reinterpretAsInts();
                if (stride2) {
                    t = EVEN_INDEX.selectFrom(t, FloatVector.fromArray(S, v, at + L).reinterpretAsInts());
                }
                acc = acc.max(t);
            }
            if (j0 + L <= ow) {
                acc.reinterpretAsFloats().intoArray(y, yRow + j0);
            } else {
                acc.reinterpretAsFloats().intoArray(y, yRow + j0, S.indexInRange(j0, ow));
            }
        }
    }

    /** v[vOff + c] = max (or sum) over a < n of x[r0 + a * step + c] for c < cols exactly (the tail under a mask). */
    private static void reduceRows(boolean max, float[] x, int r0, int step, int n, int cols, float[] v, int vOff) {
        int c = 0;
        for (; c + L <= cols; c += L) {
            FloatVector acc = FloatVector.fromArray(S, x, r0 + c);
            for (int a = 1; a < n; a++) {
                FloatVector t = FloatVector.fromArray(S, x, r0 + a * step + c);
                acc = max ? acc.max(t) : acc.add(t);
            }
            acc.intoArray(v, vOff + c);
        }
        if (c < cols) {
            VectorMask<Float> m = S.indexInRange(c, cols);
            FloatVector acc = FloatVector.fromArray(S, x, r0 + c, m);
            for (int a = 1; a < n; a++) {
                FloatVector t = FloatVector.fromArray(S, x, r0 + a * step + c, m);
                acc = max ? acc.max(t) : acc.add(t);
            }
            acc.intoArray(v, vOff + c, m);
        }
    }

    private static float[] buffer(int size) {
        float[][] holder = ROW.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** Output row i from its reduced window rows at v[vOff ..]. */
    private static void columns(boolean max, float[] v, int vOff, Shape s, float[] inverseCounts, float[] y, int yOff, int i) {
        int ow = s.ow;
        boolean stride2 = s.sw == 2;
        int yRow = yOff + i * ow;
        for (int j0 = 0; j0 < ow; j0 += L) {
            FloatVector acc = max ? columnsMax(v, vOff, s, j0, stride2) : columnsSum(v, vOff, s, j0, stride2);
            if (j0 + L <= ow) {
                if (!max) {
                    acc = acc.mul(FloatVector.fromArray(S, inverseCounts, i * ow + j0));
                }
                acc.intoArray(y, yRow + j0);
            } else {
                VectorMask<Float> m = S.indexInRange(j0, ow);
                if (!max) {
                    acc = acc.mul(FloatVector.fromArray(S, inverseCounts, i * ow + j0, m));
                }
                acc.intoArray(y, yRow + j0, m);
            }
        }
    }

    /** v[vOff + c] = max over a < kh of p[r0 + a * step + c], c < width rounded up to whole vectors. */
    private static void rowsMax(float[] p, int r0, int step, int kh, float[] v, int vOff, int width) {
        for (int c = 0; c < width; c += L) {
            FloatVector acc = FloatVector.fromArray(S, p, r0 + c);
            for (int a = 1; a < kh; a++) {
                acc = acc.max(FloatVector.fromArray(S, p, r0 + a * step + c));
            }
            acc.intoArray(v, vOff + c);
        }
    }

    private static void rowsSum(float[] p, int r0, int step, int kh, float[] v, int vOff, int width) {
        for (int c = 0; c < width; c += L) {
            FloatVector acc = FloatVector.fromArray(S, p, r0 + c);
            for (int a = 1; a < kh; a++) {
                acc = acc.add(FloatVector.fromArray(S, p, r0 + a * step + c));
            }
            acc.intoArray(v, vOff + c);
        }
    }

    private static FloatVector columnsMax(float[] v, int vOff, Shape s, int j0, boolean stride2) {
        int c = vOff + (stride2 ? 2 * j0 : j0);
        FloatVector acc = tap(v, c, stride2);
        for (int b = 1; b < s.kw; b++) {
            acc = acc.max(tap(v, c + b * s.dw, stride2));
        }
        return acc;
    }

    private static FloatVector columnsSum(float[] v, int vOff, Shape s, int j0, boolean stride2) {
        int c = vOff + (stride2 ? 2 * j0 : j0);
        FloatVector acc = tap(v, c, stride2);
        for (int b = 1; b < s.kw; b++) {
            acc = acc.add(tap(v, c + b * s.dw, stride2));
        }
        return acc;
    }

    /** p[c + j * stride] for the L lanes j (stride 1 or 2). */
    private static FloatVector tap(float[] p, int c, boolean stride2) {
        FloatVector lo = FloatVector.fromArray(S, p, c);
        return stride2 ? lo.rearrange(EVENS, FloatVector.fromArray(S, p, c + L)) : lo;
    }
}
