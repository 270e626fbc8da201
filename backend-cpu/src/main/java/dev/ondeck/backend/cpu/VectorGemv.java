package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.Epilogue;
import dev.ondeck.engine.backend.portable.MatrixRows;
import dev.ondeck.engine.backend.portable.Sgemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-row products against a constant, pre-packed B (a classifier's Gemm, m = 1): the product is a stream
 * over B, so the {@link VectorSgemm} micro-kernel, which pads the one row of A to six, would spend its time
 * on zero rows. Here B is packed in panels of {@link #NR} columns, each panel k x NR contiguous, and the row
 * of A runs over two panels at a time with two depth steps in flight: eight independent accumulators, two
 * vector loads per multiply-add. Everything but the packed-B product (and the packing itself) is
 * {@link VectorSgemm}'s, so products given B as an array sum exactly as there. Column splits of
 * {@link #multiplyPackedB} equal the whole product bit for bit (each column's sums run in one fixed order).
 */
final class VectorGemv implements Sgemm {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Columns per panel: the column alignment of the products it serves. */
    static final int NR = VectorSgemm.NR;

    private final VectorSgemm base;

    VectorGemv(VectorSgemm base) {
        this.base = base;
    }

    /** Whether a product of this shape runs here: one row of A, deep and wide enough for streaming to pay. */
    static boolean suits(int m, int n, int k) {
        return m == 1 && n >= 2 * NR && k >= 64 && NR == 2 * L;
    }

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, Epilogue e, int row0, int col0) {
        base.multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public void multiplyPacked(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        base.multiplyPacked(packed, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public void multiplyRows(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, MatrixRows rows, int bCol,
            float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        base.multiplyRows(packed, m, n, k, a, aOff, lda, rows, bCol, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public int rowAlignment() {
        return base.rowAlignment();
    }

    @Override
    public int colAlignment() {
        return NR;
    }

    /** Panels of NR columns (the last zero-padded), panel q at q * NR * k, element (p, j) at + p * NR + j % NR. */
    @Override
    public long packedBSize(int k, int n) {
        return (long) k * ((n + NR - 1) / NR * NR);
    }

    @Override
    public void packB(int k, int n, float[] b, int bOff, int ldb, MatrixRows rows, int bCol, int p0, int p1, float[] dst) {
        float[] row = rows == null ? null : new float[n];
        for (int p = p0; p < p1; p++) {
            float[] src = b;
            int at = bOff + p * ldb;
            if (rows != null) {
                rows.copy(p, bCol, n, row, 0);
                src = row;
                at = 0;
            }
            for (int j = 0; j < n; j += NR) {
                int len = Math.min(NR, n - j);
                int d = j * k + p * NR;
                System.arraycopy(src, at + j, dst, d, len);
                for (int t = len; t < NR; t++) {
                    dst[d + t] = 0f;
                }
            }
        }
    }

    /** Columns j0 .. j0 + cols of the single-row product (m must be 1; more rows go to {@link VectorSgemm}). */
    @Override
    public void multiplyPackedB(float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] packedB, int j0,
            int cols, float[] c, int cOff, int ldc, Epilogue e, int row0) {
        if (m != 1) {
            base.multiplyPackedB(packedA, m, n, k, a, aOff, lda, pack(packedB, k, n), j0, cols, c, cOff, ldc, e, row0);
            return;
        }
        int j1 = j0 + cols;
        int j = j0;
        for (; j + 2 * NR <= j1; j += 2 * NR) {
            twoPanels(k, a, aOff, packedB, j * k, c, cOff, j, NR, NR, e, row0);
        }
        if (j < j1) {
            twoPanels(k, a, aOff, packedB, j * k, c, cOff, j, Math.min(NR, j1 - j), Math.max(0, j1 - j - NR), e, row0);
        }
    }

    /**
     * The B of a product that {@link VectorSgemm} must run after all (more than one row), re-packed into its layout
     * from this one: never on a model's path (forProduct sends only single rows here), so it may allocate.
     */
    private float[] pack(float[] packedB, int k, int n) {
        float[] plain = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                plain[p * n + j] = packedB[(j / NR) * NR * k + p * NR + j % NR];
            }
        }
        float[] dst = new float[(int) base.packedBSize(k, n)];
        base.packB(k, n, plain, 0, n, null, 0, 0, k, dst);
        return dst;
    }

    /**
     * c[cOff + col .. + w0] and the next panel's w1 columns (0: none) = finish(bias + a . B columns), from the
     * panels at {@code at} (and {@code at + NR * k}).
     */
    private static void twoPanels(int k, float[] a, int aOff, float[] bp, int at, float[] c, int cOff, int col, int w0, int w1,
            Epilogue e, int row) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        int next = w1 > 0 ? NR * k : 0;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            FloatVector x0 = FloatVector.broadcast(S, a[aOff + p]);
            FloatVector x1 = FloatVector.broadcast(S, a[aOff + p + 1]);
            int q = at + p * NR;
            s0 = FloatVector.fromArray(S, bp, q).fma(x0, s0);
            s1 = FloatVector.fromArray(S, bp, q + L).fma(x0, s1);
            s2 = FloatVector.fromArray(S, bp, q + next).fma(x0, s2);
            s3 = FloatVector.fromArray(S, bp, q + next + L).fma(x0, s3);
            t0 = FloatVector.fromArray(S, bp, q + NR).fma(x1, t0);
            t1 = FloatVector.fromArray(S, bp, q + NR + L).fma(x1, t1);
            t2 = FloatVector.fromArray(S, bp, q + next + NR).fma(x1, t2);
            t3 = FloatVector.fromArray(S, bp, q + next + NR + L).fma(x1, t3);
        }
        if (p < k) {
            FloatVector x0 = FloatVector.broadcast(S, a[aOff + p]);
            int q = at + p * NR;
            s0 = FloatVector.fromArray(S, bp, q).fma(x0, s0);
            s1 = FloatVector.fromArray(S, bp, q + L).fma(x0, s1);
            s2 = FloatVector.fromArray(S, bp, q + next).fma(x0, s2);
            s3 = FloatVector.fromArray(S, bp, q + next + L).fma(x0, s3);
        }
        int dst = cOff + col;
        FloatVector r0 = s0.add(t0);
        FloatVector r1 = s1.add(t1);
        FloatVector r2 = s2.add(t2);
        FloatVector r3 = s3.add(t3);
        if (w0 == NR && w1 == NR) {
            r0.intoArray(c, dst);
            r1.intoArray(c, dst + L);
            r2.intoArray(c, dst + NR);
            r3.intoArray(c, dst + NR + L);
        } else {
            r0.intoArray(c, dst, S.indexInRange(0, w0));
            r1.intoArray(c, dst + L, S.indexInRange(L, w0));
            r2.intoArray(c, dst + NR, S.indexInRange(0, w1));
            r3.intoArray(c, dst + NR + L, S.indexInRange(L, w1));
        }
        finish(c, dst, col, w0 + w1, e, row);
    }

    /** c[at + j] = finish(c[at + j] + row bias + column bias[col + j]) for j < len: clamp, then activation. */
    private static void finish(float[] c, int at, int col, int len, Epilogue e, int row) {
        float rb = e.rowBias() == null ? 0f : e.rowBias()[row];
        float[] cb = e.colBias();
        float lo = e.lo();
        float hi = e.hi();
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector v = FloatVector.fromArray(S, c, at + j, m).add(rb);
            if (cb != null) {
                v = v.add(FloatVector.fromArray(S, cb, col + j, m));
            }
            v.max(lo).min(hi).intoArray(c, at + j, m);
        }
        if (e.activation() != Epilogue.Activation.NONE) {
            VectorActivation.apply(e.activation(), c, at, len);
        }
    }
}
