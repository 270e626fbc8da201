package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.Epilogue;
import dev.ondeck.engine.backend.portable.MatrixRows;
import dev.ondeck.engine.backend.portable.Sgemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products of MatMul nodes whose operands both change run by run (per-head attention: Q by K^T, the
 * weights by V): {@link VectorSgemm} packs A and B for every such product, which for a depth of 32 to 256 costs
 * as much as a third of the multiply-adds (measured on four heads of 128 x 128 x 64 and 128 x 64 x 128: about
 * 140 GFLOP/s packed, 200 direct). Here a product of one depth block ({@code k <= KC}) without an
 * epilogue reads both operands where they lie: the same 6 x 2-vector register tile, A broadcast from its six
 * rows, B loaded from its rows, C written once. A ragged last tile is moved back to end at the last row (or
 * column) and recomputes a few elements of its neighbour, with the same sums in the same order, so they are
 * written twice with equal values. Products with an epilogue and every other entry of {@link Sgemm} run on
 * {@link VectorSgemm}. Each element is summed over k in order, as {@link VectorSgemm} sums a single depth block.
 */
final class VectorDirectSgemm implements Sgemm {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = VectorSgemm.L;
    private static final int MR = VectorSgemm.MR;
    private static final int NR = VectorSgemm.NR;
    private final VectorSgemm packed;

    VectorDirectSgemm(VectorSgemm packed) {
        this.packed = packed;
    }

    /** The most floats of A read in place: A is streamed once per panel of B, so it should stay in L2. */
    private static final int MAX_A = 1 << 15;

    /** Whether an m x n x k product takes the direct path (as far as its shape goes). */
    static boolean suits(int m, int n, int k) {
        return k > 0 && k <= VectorSgemm.KC && m >= MR && n >= NR && (long) m * k <= MAX_A;
    }

    private static boolean plain(Epilogue e) {
        return e.rowBias() == null && e.colBias() == null && !e.clamps() && e.activation() == Epilogue.Activation.NONE;
    }

    /**
     * This GEMM for the shapes it takes. {@link VectorSgemm#forProduct} would hand those to
     * {@link VectorShallowSgemm}, which differs from {@link VectorSgemm} only for a packed A with an activation:
     * MatMul never packs A, so delegating to {@link VectorSgemm} here computes the same.
     */
    @Override
    public Sgemm forProduct(int m, int n, int k) {
        return suits(m, n, k) ? this : packed.forProduct(m, n, k);
    }

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, Epilogue e, int row0, int col0) {
        if (!suits(m, n, k) || !plain(e)) {
            packed.multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
            return;
        }
        for (int j = 0; j < n; j += NR) {
            int jr = Math.min(j, n - NR);
            for (int i = 0; i < m; i += MR) {
                int ir = Math.min(i, m - MR);
                tile(k, a, aOff + ir * lda, lda, b, bOff + jr, ldb, c, cOff + ir * ldc + jr, ldc);
            }
        }
    }

    /** C[6 x NR] at {@code co} = the six rows of A at {@code ao} times the NR columns of B at {@code bo}, k deep. */
    private static void tile(int k, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        int a0 = ao;
        int a1 = ao + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        for (int p = 0; p < k; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[a1 + p]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[a2 + p]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[a3 + p]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[a4 + p]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[a5 + p]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        co += ldc;
        c10.intoArray(c, co);
        c11.intoArray(c, co + L);
        co += ldc;
        c20.intoArray(c, co);
        c21.intoArray(c, co + L);
        co += ldc;
        c30.intoArray(c, co);
        c31.intoArray(c, co + L);
        co += ldc;
        c40.intoArray(c, co);
        c41.intoArray(c, co + L);
        co += ldc;
        c50.intoArray(c, co);
        c51.intoArray(c, co + L);
    }

    @Override
    public void multiplyRows(float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, MatrixRows rows, int bCol,
            float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        packed.multiplyRows(packedA, m, n, k, a, aOff, lda, rows, bCol, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public void multiplyPacked(float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        if (packedA == null) {
            multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
        } else {
            packed.multiplyPacked(packedA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
        }
    }

    @Override
    public float[] packA(float[] a, int aOff, int lda, int m, int k) {
        return packed.packA(a, aOff, lda, m, k);
    }

    @Override
    public float[] packA(float[] a, int aOff, int lda, int m, int k, int n) {
        return packed.packA(a, aOff, lda, m, k, n);
    }

    @Override
    public int rowAlignment() {
        return packed.rowAlignment();
    }

    @Override
    public int colAlignment() {
        return packed.colAlignment();
    }

    @Override
    public long packedBSize(int k, int n) {
        return packed.packedBSize(k, n);
    }

    @Override
    public void packB(int k, int n, float[] b, int bOff, int ldb, MatrixRows rows, int bCol, int p0, int p1, float[] dst) {
        packed.packB(k, n, b, bOff, ldb, rows, bCol, p0, p1, dst);
    }

    @Override
    public void multiplyPackedB(float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] packedB, int j0,
            int cols, float[] c, int cOff, int ldc, Epilogue e, int row0) {
        packed.multiplyPackedB(packedA, m, n, k, a, aOff, lda, packedB, j0, cols, c, cOff, ldc, e, row0);
    }

    @Override
    public boolean packsATransposed() {
        return packed.packsATransposed();
    }

    @Override
    public long packedASize(int m, int k) {
        return packed.packedASize(m, k);
    }

    @Override
    public void packATransposed(int m, int k, MatrixRows rowsT, int p0, int p1, float[] dst) {
        packed.packATransposed(m, k, rowsT, p0, p1, dst);
    }
}
