package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.PoolWindows;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
 */
final class VectorPooling implements PoolWindows {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Lane j takes lane 2j of the concatenation of two vectors (the even elements of 2 * L floats). */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, j -> 2 * j);
    /** Reduced window rows kept per batch of output rows (16 KiB, within the first-level cache). */
    private static final int BATCH_FLOATS = 4096;
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    @Override
    public int slack() {
        return 2 * L;
    }

    @Override
    public void pool(boolean max, float[] p, int pOff, int pitch, Shape s, float[] inverseCounts, float[] y, int yOff) {
        int sw = s.sw;
        if (sw > 2) {
            PORTABLE.pool(max, p, pOff, pitch, s, inverseCounts, y, yOff);
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
