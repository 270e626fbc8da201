package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.Epilogue;
import dev.ondeck.engine.backend.portable.MatrixRows;
import dev.ondeck.engine.backend.portable.Sgemm;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The products of 1x1 convolutions that {@link VectorSgemm#forProduct} hands over: A (the weights) packed by
 * {@link VectorSgemm#packA}, at most {@link VectorSgemm#KC} deep (one depth block). With a fused activation (SiLU,
 * HardSwish), such a product is bound by its epilogue rather than by its multiply-adds, so each 6 x 2-vector tile
 * goes through bias, clamp and activation into C once, with B read in place (only the last, partial column panel
 * copied zero-padded) and no second pass over C. The tile is spilled to a small buffer first: an epilogue inlined at
 * twelve places exceeds the JIT's inlining budget, and the vectors of the calls left out are boxed. Products
 * without an activation read B in place too where they have at least {@link #IN_PLACE_COLS} columns, each whole tile
 * finished in registers ({@link VectorSgemm#microInto}); narrower ones stay on {@link VectorSgemm}.
 * A single column ({@code n == 1}: the squeeze-excitation convolutions on 1x1 maps) runs as row dot products on the
 * unpacked weights instead of one 32-column panel. Sums run in {@link VectorSgemm}'s order (per element, over k in
 * order, then the row bias, then the column bias), so results are bit for bit those of {@link VectorSgemm}, except
 * the single-column products, which are never split between threads.
 */
final class VectorShallowSgemm implements Sgemm {
    private static final int L = VectorSgemm.L;
    private static final int MR = VectorSgemm.MR;
    private static final int NR = VectorSgemm.NR;
    /** Rows of A per block: the block's packed panels stay in the first cache levels while B's columns pass. */
    private static final int A_BLOCK_FLOATS = 16384;
    /**
     * Products without an activation read B in place from this many columns (the big planes of the first stages,
     * where packing B is a pass over the whole input: 32 -> 16 channels at 112x112 took 110 us instead of 178,
     * CPU time); narrower ones (7x7, 14x14 maps) pack it ({@link VectorSgemm}, 104 us instead of 114 for 160 -> 960
     * channels at 7x7).
     */
    static final int IN_PLACE_COLS = 512;
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final ThreadLocal<float[]> EDGE = ThreadLocal.withInitial(() -> new float[VectorSgemm.KC * NR]);
    private final VectorSgemm base;

    VectorShallowSgemm(VectorSgemm base) {
        this.base = base;
    }

    /** Whether this kernel runs an {@code m x n x k} product whose A is packed. */
    static boolean suits(int m, int n, int k) {
        return k > 0 && k <= VectorSgemm.KC && m >= 3;
    }

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, Epilogue e, int row0, int col0) {
        base.multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public float[] packA(float[] a, int aOff, int lda, int m, int k) {
        return base.packA(a, aOff, lda, m, k);
    }

    @Override
    public float[] packA(float[] a, int aOff, int lda, int m, int k, int n) {
        return base.packA(a, aOff, lda, m, k, n);
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
        return base.colAlignment();
    }

    @Override
    public long packedBSize(int k, int n) {
        return base.packedBSize(k, n);
    }

    @Override
    public void packB(int k, int n, float[] b, int bOff, int ldb, MatrixRows rows, int bCol, int p0, int p1, float[] dst) {
        base.packB(k, n, b, bOff, ldb, rows, bCol, p0, p1, dst);
    }

    /** B packed by {@link VectorSgemm#packB}: one depth block, panels of NR columns each k x NR. */
    @Override
    public void multiplyPackedB(float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] packedB, int j0,
            int cols, float[] c, int cOff, int ldc, Epilogue e, int row0) {
        if (packedA == null || !suits(m, n, k) || e.activation() == Epilogue.Activation.NONE) {
            base.multiplyPackedB(packedA, m, n, k, a, aOff, lda, packedB, j0, cols, c, cOff, ldc, e, row0);
            return;
        }
        int j1 = j0 + cols;
        int mc = rowBlock(k);
        for (int i0 = 0; i0 < m; i0 += mc) {
            int i1 = Math.min(m, i0 + mc);
            for (int jr = j0; jr < j1; jr += NR) {
                int w = Math.min(NR, j1 - jr);
                for (int ir = i0; ir < i1; ir += MR) {
                    tile(k, packedA, (row0 + ir) * k, packedB, jr * k, NR, c, cOff + ir * ldc + jr, ldc, Math.min(MR, i1 - ir), w,
                            e, row0 + ir, jr);
                }
            }
        }
    }

    @Override
    public void multiplyPacked(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        if (packed == null || !suits(m, n, k) || n > 1 && n < IN_PLACE_COLS && e.activation() == Epilogue.Activation.NONE) {
            base.multiplyPacked(packed, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
            return;
        }
        if (n == 1) {
            columnProduct(m, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
            return;
        }
        float[] edge = EDGE.get();
        int mc = rowBlock(k);
        for (int i0 = 0; i0 < m; i0 += mc) {
            int i1 = Math.min(m, i0 + mc);
            for (int jr = 0; jr < n; jr += NR) {
                int w = Math.min(NR, n - jr);
                float[] bp = b;
                int bo = bOff + jr;
                int bs = ldb;
                if (w < NR) {
                    for (int p = 0; p < k; p++) {
                        System.arraycopy(b, bOff + p * ldb + jr, edge, p * NR, w);
                        Arrays.fill(edge, p * NR + w, (p + 1) * NR, 0f);
                    }
                    bp = edge;
                    bo = 0;
                    bs = NR;
                }
                for (int ir = i0; ir < i1; ir += MR) {
                    tile(k, packed, (row0 + ir) * k, bp, bo, bs, c, cOff + ir * ldc + jr, ldc, Math.min(MR, i1 - ir), w, e,
                            row0 + ir, col0 + jr);
                }
            }
        }
    }

    /** Rows of A per block, a multiple of MR. */
    private static int rowBlock(int k) {
        return Math.max(MR, A_BLOCK_FLOATS / k / MR * MR);
    }

    /**
     * One tile: rows {@code row .. row + h} (h <= MR) and columns {@code col .. col + w} (w <= NR) of C from the A
     * panel at {@code ao} (k x MR) and B at {@code bo}, row p at {@code bo + p * bs}, NR floats readable.
     */
    private static void tile(int k, float[] ap, int ao, float[] bp, int bo, int bs, float[] c, int off, int ldc, int h, int w,
            Epilogue e, int row, int col) {
        if (e.activation() == Epilogue.Activation.NONE && VectorSgemm.intoC(h, w)) {
            VectorSgemm.microInto(k, ap, ao, bp, bo, bs, c, off, ldc, e.rowBias(), row, e.colBias(), col, true, e.clamps(),
                    e.lo(), e.hi());
            return;
        }
        float[] acc = ACC.get();
        VectorSgemm.panel(k, ap, ao, bp, bo, bs, acc, w);
        VectorSgemm.finishPart(acc, h, w, c, off, ldc, e, row, col, true, true);
    }

    /**
     * A single column: {@code c[i] = A[i, :] . B[:, 0]} on the unpacked weights, four rows at a time with vector
     * multiply-adds over k, then the epilogue. B's column is copied contiguous first when {@code ldb != 1}.
     */
    private static void columnProduct(int m, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, Epilogue e, int row0, int col0) {
        float[] x = b;
        int xo = bOff;
        if (ldb != 1) {
            x = EDGE.get();
            xo = 0;
            for (int p = 0; p < k; p++) {
                x[p] = b[bOff + p * ldb];
            }
        }
        int end = VectorSgemm.S.loopBound(k);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda;
            FloatVector z = FloatVector.zero(VectorSgemm.S);
            FloatVector s0 = z, s1 = z, s2 = z, s3 = z;
            int p = 0;
            for (; p < end; p += L) {
                FloatVector xv = FloatVector.fromArray(VectorSgemm.S, x, xo + p);
                s0 = FloatVector.fromArray(VectorSgemm.S, a, a0 + p).fma(xv, s0);
                s1 = FloatVector.fromArray(VectorSgemm.S, a, a0 + lda + p).fma(xv, s1);
                s2 = FloatVector.fromArray(VectorSgemm.S, a, a0 + 2 * lda + p).fma(xv, s2);
                s3 = FloatVector.fromArray(VectorSgemm.S, a, a0 + 3 * lda + p).fma(xv, s3);
            }
            float[] lanes = LaneSum.lanes();
            s0.intoArray(lanes, 0);
            float t0 = LaneSum.of(lanes);
            s1.intoArray(lanes, 0);
            float t1 = LaneSum.of(lanes);
            s2.intoArray(lanes, 0);
            float t2 = LaneSum.of(lanes);
            s3.intoArray(lanes, 0);
            float t3 = LaneSum.of(lanes);
            for (; p < k; p++) {
                float xp = x[xo + p];
                t0 += a[a0 + p] * xp;
                t1 += a[a0 + lda + p] * xp;
                t2 += a[a0 + 2 * lda + p] * xp;
                t3 += a[a0 + 3 * lda + p] * xp;
            }
            c[cOff + i * ldc] = finish(t0, e, row0 + i, col0);
            c[cOff + (i + 1) * ldc] = finish(t1, e, row0 + i + 1, col0);
            c[cOff + (i + 2) * ldc] = finish(t2, e, row0 + i + 2, col0);
            c[cOff + (i + 3) * ldc] = finish(t3, e, row0 + i + 3, col0);
        }
        for (; i < m; i++) {
            int ai = aOff + i * lda;
            FloatVector s = FloatVector.zero(VectorSgemm.S);
            int p = 0;
            for (; p < end; p += L) {
                s = FloatVector.fromArray(VectorSgemm.S, a, ai + p).fma(FloatVector.fromArray(VectorSgemm.S, x, xo + p), s);
            }
            float[] lanes = LaneSum.lanes();
            s.intoArray(lanes, 0);
            float t = LaneSum.of(lanes);
            for (; p < k; p++) {
                t += a[ai + p] * x[xo + p];
            }
            c[cOff + i * ldc] = finish(t, e, row0 + i, col0);
        }
    }

    /** The epilogue of one value. */
    private static float finish(float v, Epilogue e, int row, int col) {
        float[] rb = e.rowBias();
        float[] cb = e.colBias();
        v = rb == null ? v : v + rb[row];
        v = cb == null ? v : v + cb[col];
        v = Math.min(Math.max(v, e.lo()), e.hi());
        return Epilogue.activate(e.activation(), v);
    }
}
