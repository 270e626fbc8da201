package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.Epilogue;
import dev.ondeck.engine.backend.portable.MatrixRows;
import dev.ondeck.engine.backend.portable.Sgemm;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked SGEMM: B in panels of {@code NR = 2 * lanes} columns, A in panels of {@code MR = 6} rows,
 * a 6 x 2-vector micro-kernel holding its 12 accumulators in registers, blocked {@code KC} deep and {@code MC}
 * rows, {@code NC} columns. One species-agnostic kernel: the species is chosen once, at class load, from the
 * system property {@code ondeck.cpu.vectorBits} (64, 128, 256 or 512), else {@code SPECIES_PREFERRED}.
 */
final class VectorSgemm implements Sgemm {
    static final VectorSpecies<Float> S = species();
    static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;
    static final int KC = 256;
    private static final int MC = 72;
    private static final int NC = Math.max(NR, 512 / NR * NR);
    private static final ThreadLocal<float[][]> PACKS = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR], new float[NC]});

    private static VectorSpecies<Float> species() {
        String bits = System.getProperty("ondeck.cpu.vectorBits");
        if (bits == null || bits.isEmpty()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        switch (bits) {
            case "64": return FloatVector.SPECIES_64;
            case "128": return FloatVector.SPECIES_128;
            case "256": return FloatVector.SPECIES_256;
            case "512": return FloatVector.SPECIES_512;
            default: throw new IllegalArgumentException("ondeck.cpu.vectorBits must be 64, 128, 256 or 512, found " + bits);
        }
    }

    private final VectorShallowSgemm shallow = new VectorShallowSgemm(this);

    String describe() {
        return S.vectorBitSize() + "-bit vectors, " + MR + "x" + NR + " micro-kernel";
    }

    /** Shallow products with packed A (1x1 convolutions) run on {@link VectorShallowSgemm}. */
    @Override
    public Sgemm forProduct(int m, int n, int k) {
        return VectorShallowSgemm.suits(m, n, k) ? shallow : this;
    }

    @Override
    public int rowAlignment() {
        return MR;
    }

    @Override
    public int colAlignment() {
        return NR;
    }

    /** The shared layout: per depth block (rows p0 .. p0 + kc), at p0 * nPad, panels of NR columns, each kc x NR. */
    @Override
    public long packedBSize(int k, int n) {
        return (long) k * padded(n);
    }

    @Override
    public void packB(int k, int n, float[] b, int bOff, int ldb, MatrixRows rows, int bCol, int p0, int p1, float[] dst) {
        int kb = depthBlock(k);
        int nPad = padded(n);
        float[] row = PACKS.get()[3];
        for (int p = p0; p < p1; p++) {
            int block = p / kb * kb;
            int kc = Math.min(kb, k - block);
            int at = block * nPad + (p - block) * NR;
            for (int j = 0; j < n; j += NC) {
                int len = Math.min(NC, n - j);
                if (rows == null) {
                    panelRow(b, bOff + p * ldb + j, len, dst, at + j * kc, kc);
                } else {
                    rows.copy(p, bCol + j, len, row, 0);
                    panelRow(row, 0, len, dst, at + j * kc, kc);
                }
            }
        }
    }

    @Override
    public void multiplyPackedB(float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] packedB, int j0,
            int cols, float[] c, int cOff, int ldc, Epilogue e, int row0) {
        float[][] packs = PACKS.get();
        float[] acc = packs[2];
        if (packedA == null && m == 1) {
            oneRow(n, k, a, aOff, packedB, j0, cols, c, cOff, e, row0, acc);
            return;
        }
        int mPad = packedA == null ? 0 : packedA.length / k;
        int kb = depthBlock(k);
        int nPad = padded(n);
        int j1 = j0 + cols;
        for (int p0 = 0; p0 < k; p0 += kb) {
            int kc = Math.min(kb, k - p0);
            boolean first = p0 == 0;
            boolean last = p0 + kc >= k;
            for (int i0 = 0; i0 < m; i0 += MC) {
                int mc = Math.min(MC, m - i0);
                float[] ap = packedA;
                int apOff = p0 * mPad + (row0 + i0) * kc;
                if (packedA == null) {
                    ap = packs[0];
                    apOff = 0;
                    packA(a, aOff + i0 * lda + p0, lda, mc, kc, ap, 0);
                }
                for (int jr = j0; jr < j1; jr += NR) {
                    int w = Math.min(NR, j1 - jr);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int h = Math.min(MR, mc - ir);
                        int off = cOff + (i0 + ir) * ldc + jr;
                        if (intoC(h, w)) {
                            microInto(kc, ap, apOff + ir * kc, packedB, p0 * nPad + jr * kc, NR, c, off, ldc, e.rowBias(),
                                    row0 + i0 + ir, e.colBias(), jr, first, last && e.clamps(), e.lo(), e.hi());
                            if (last && e.activation() != Epilogue.Activation.NONE) {
                                activateTile(e.activation(), c, off, ldc);
                            }
                            continue;
                        }
                        panel(kc, ap, apOff + ir * kc, packedB, p0 * nPad + jr * kc, NR, acc, w);
                        finishPart(acc, h, w, c, off, ldc, e, row0 + i0 + ir, jr, first, last);
                    }
                }
            }
        }
    }

    /**
     * A single row of A (a classifier's Gemm: bound by reading B once, 5 MB for 1280 x 1000) against packed B: per
     * pair of panels, four vector sums over k held in registers, instead of a 6-row tile five sixths of which
     * multiplies padding. Each element sums over k in order, then the epilogue as {@link #finishPart}.
     */
    private static void oneRow(int n, int k, float[] a, int aOff, float[] bp, int j0, int cols, float[] c, int cOff, Epilogue e,
            int row0, float[] acc) {
        int kb = depthBlock(k);
        int nPad = padded(n);
        int j1 = j0 + cols;
        for (int p0 = 0; p0 < k; p0 += kb) {
            int kc = Math.min(kb, k - p0);
            boolean first = p0 == 0;
            boolean last = p0 + kc >= k;
            int ai = aOff + p0;
            for (int jr = j0; jr < j1; jr += 2 * NR) {
                int b0 = p0 * nPad + jr * kc;
                FloatVector z = FloatVector.zero(S);
                FloatVector s0 = z, s1 = z, s2 = z, s3 = z;
                if (jr + NR < j1) {
                    int b1 = b0 + NR * kc;
                    for (int p = 0; p < kc; p++) {
                        FloatVector av = FloatVector.broadcast(S, a[ai + p]);
                        s0 = av.fma(FloatVector.fromArray(S, bp, b0 + p * NR), s0);
                        s1 = av.fma(FloatVector.fromArray(S, bp, b0 + p * NR + L), s1);
                        s2 = av.fma(FloatVector.fromArray(S, bp, b1 + p * NR), s2);
                        s3 = av.fma(FloatVector.fromArray(S, bp, b1 + p * NR + L), s3);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        FloatVector av = FloatVector.broadcast(S, a[ai + p]);
                        s0 = av.fma(FloatVector.fromArray(S, bp, b0 + p * NR), s0);
                        s1 = av.fma(FloatVector.fromArray(S, bp, b0 + p * NR + L), s1);
                    }
                }
                s0.intoArray(acc, 0);
                s1.intoArray(acc, L);
                finishPart(acc, 1, Math.min(NR, j1 - jr), c, cOff + jr, 0, e, row0, jr, first, last);
                if (jr + NR < j1) {
                    s2.intoArray(acc, 0);
                    s3.intoArray(acc, L);
                    finishPart(acc, 1, Math.min(NR, j1 - jr - NR), c, cOff + jr + NR, 0, e, row0, jr + NR, first, last);
                }
            }
        }
    }

    @Override
    public boolean packsATransposed() {
        return true;
    }

    /** The whole-A layout of {@link #packA}: per depth block (at p0 * mPad), panels of MR rows, each kc x MR. */
    @Override
    public long packedASize(int m, int k) {
        return (long) (m + MR - 1) / MR * MR * k;
    }

    /**
     * Each row p of A^T is copied from {@code rowsT} in chunks of whole panels and dealt out MR floats per panel:
     * the packed A panel holds, per depth step, MR consecutive elements of that row.
     */
    @Override
    public void packATransposed(int m, int k, MatrixRows rowsT, int p0, int p1, float[] dst) {
        int kb = depthBlock(k);
        int mPad = (m + MR - 1) / MR * MR;
        int chunk = NC / MR * MR;
        float[] row = PACKS.get()[3];
        for (int p = p0; p < p1; p++) {
            int block = p / kb * kb;
            int kc = Math.min(kb, k - block);
            int at = block * mPad + (p - block) * MR;
            for (int i = 0; i < m; i += chunk) {
                int len = Math.min(chunk, m - i);
                rowsT.copy(p, i, len, row, 0);
                int full = len / MR * MR;
                for (int ir = 0; ir < full; ir += MR) {
                    int d = at + (i + ir) * kc;
                    dst[d] = row[ir];
                    dst[d + 1] = row[ir + 1];
                    dst[d + 2] = row[ir + 2];
                    dst[d + 3] = row[ir + 3];
                    dst[d + 4] = row[ir + 4];
                    dst[d + 5] = row[ir + 5];
                }
                if (full < len) {
                    int d = at + (i + full) * kc;
                    for (int r = 0; r < MR; r++) {
                        dst[d + r] = full + r < len ? row[full + r] : 0f;
                    }
                }
            }
        }
    }

    private static int padded(int n) {
        return (n + NR - 1) / NR * NR;
    }

    @Override
    public float[] packA(float[] a, int aOff, int lda, int m, int k) {
        int mPad = (m + MR - 1) / MR * MR;
        float[] packed = new float[mPad * k];
        int kb = depthBlock(k);
        for (int p0 = 0; p0 < k; p0 += kb) {
            packA(a, aOff + p0, lda, m, Math.min(kb, k - p0), packed, p0 * mPad);
        }
        return packed;
    }

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, Epilogue e, int row0, int col0) {
        multiplyPacked(null, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public void multiplyPacked(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        product(packed, m, n, k, a, aOff, lda, b, bOff, ldb, null, 0, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public void multiplyRows(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, MatrixRows rows, int bCol,
            float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        product(packed, m, n, k, a, aOff, lda, null, 0, 0, rows, bCol, c, cOff, ldc, e, row0, col0);
    }

    /** B from the array, or from {@code rows} (columns from {@code bCol}) when that is not null. */
    private static void product(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, MatrixRows rows, int bCol, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        float[][] packs = PACKS.get();
        if (k == 0 || m < 3) {
            for (int j0 = 0; j0 < n; j0 += NC) {
                int nc = Math.min(NC, n - j0);
                float[] bRow = rows == null ? b : packs[3];
                rowByRow(m, nc, k, a, aOff, lda, bRow, rows == null ? bOff + j0 : 0, rows, bCol + j0, ldb, c, cOff + j0, ldc,
                        e, row0, col0 + j0);
            }
            return;
        }
        float[] bp = packs[1];
        float[] acc = packs[2];
        int mPad = packed == null ? 0 : packed.length / k;
        int kb = depthBlock(k);
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += kb) {
                int kc = Math.min(kb, k - p0);
                if (rows == null) {
                    packB(b, bOff + p0 * ldb + j0, ldb, kc, nc, bp);
                } else {
                    packB(rows, p0, bCol + j0, kc, nc, packs[3], bp);
                }
                boolean first = p0 == 0;
                boolean last = p0 + kc >= k;
                for (int i0 = 0; i0 < m; i0 += MC) {
                    int mc = Math.min(MC, m - i0);
                    float[] ap = packed;
                    int apOff = p0 * mPad + (row0 + i0) * kc;
                    if (packed == null) {
                        ap = packs[0];
                        apOff = 0;
                        packA(a, aOff + i0 * lda + p0, lda, mc, kc, ap, 0);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            int h = Math.min(MR, mc - ir);
                            int cols = Math.min(NR, nc - jr);
                            int off = cOff + (i0 + ir) * ldc + j0 + jr;
                            if (intoC(h, cols)) {
                                microInto(kc, ap, apOff + ir * kc, bp, jr * kc, NR, c, off, ldc, e.rowBias(), row0 + i0 + ir,
                                        e.colBias(), col0 + j0 + jr, first, last && e.clamps(), e.lo(), e.hi());
                                if (last && e.activation() != Epilogue.Activation.NONE) {
                                    activateTile(e.activation(), c, off, ldc);
                                }
                                continue;
                            }
                            panel(kc, ap, apOff + ir * kc, bp, jr * kc, NR, acc, cols);
                            finishPart(acc, h, cols, c, off, ldc, e, row0 + i0 + ir, col0 + j0 + jr, first, last);
                        }
                    }
                }
            }
        }
    }

    /**
     * Few rows (matrix-vector shapes): per row, c += a[i, p] * B[p, :] with vector multiply-adds, no packing. With
     * {@code rows}, each row of B is first copied to {@code b} (n <= NC).
     */
    private static void rowByRow(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, MatrixRows rows,
            int bCol, int ldb, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            e.init(c, ci, n, row0 + i, col0);
            for (int p = 0; p < k; p++) {
                float s = a[aOff + i * lda + p];
                FloatVector sv = FloatVector.broadcast(S, s);
                int bo = bOff + p * ldb;
                if (rows != null) {
                    rows.copy(p, bCol, n, b, 0);
                    bo = 0;
                }
                int j = 0;
                for (int end = S.loopBound(n); j < end; j += L) {
                    sv.fma(FloatVector.fromArray(S, b, bo + j), FloatVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    c[ci + j] += s * b[bo + j];
                }
            }
            e.finish(c, ci, n);
        }
    }

    /** The depth of each block: at most KC, the blocks of equal depth (the last one is not a short remainder). */
    private static int depthBlock(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** bp: panels of NR columns, each kc x NR row-major, zero-padded past nc. */
    private static void packB(float[] b, int off, int ldb, int kc, int nc, float[] bp) {
        for (int p = 0; p < kc; p++) {
            panelRow(b, off + p * ldb, nc, bp, p * NR, kc);
        }
    }

    /** As above, from {@code rows}: each row segment of the block is copied to {@code row} and dealt out to the panels. */
    private static void packB(MatrixRows rows, int p0, int j0, int kc, int nc, float[] row, float[] bp) {
        for (int p = 0; p < kc; p++) {
            rows.copy(p0 + p, j0, nc, row, 0);
            panelRow(row, 0, nc, bp, p * NR, kc);
        }
    }

    /** Deals one row of a B block (nc floats from src) out to the panels: NR floats to bp[jr * kc + dst], zero-padded. */
    private static void panelRow(float[] src, int from, int nc, float[] bp, int dst, int kc) {
        int full = nc / NR * NR;
        for (int jr = 0; jr < full; jr += NR) {
            int d = jr * kc + dst;
            FloatVector.fromArray(S, src, from + jr).intoArray(bp, d);
            FloatVector.fromArray(S, src, from + jr + L).intoArray(bp, d + L);
        }
        if (full < nc) {
            int d = full * kc + dst;
            int w = nc - full;
            System.arraycopy(src, from + full, bp, d, w);
            Arrays.fill(bp, d + w, d + NR, 0f);
        }
    }

    /** ap from {@code apOff}: panels of MR rows, each kc x MR (a column of the panel per depth step), zero-padded past mc. */
    private static void packA(float[] a, int off, int lda, int mc, int kc, float[] ap, int apOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int h = Math.min(MR, mc - ir);
            int dst = apOff + ir * kc;
            for (int r = 0; r < MR; r++) {
                int src = off + (ir + r) * lda;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR + r] = r < h ? a[src + p] : 0f;
                }
            }
        }
    }

    /**
     * {@link #micro} for a panel of which only the first {@code cols} columns are wanted: a last, ragged panel of at
     * most L columns (169 = 5 * 32 + 9 pixels of a 13x13 map, 196 = 6 * 32 + 4 of 14x14) runs {@link #microHalf},
     * half the multiply-adds. Each element sums the same products in the same order either way.
     */
    static void panel(int kc, float[] ap, int ao, float[] bp, int bo, int bs, float[] acc, int cols) {
        if (cols <= L) {
            microHalf(kc, ap, ao, bp, bo, bs, acc);
        } else {
            micro(kc, ap, ao, bp, bo, bs, acc);
        }
    }

    /** As {@link #micro}, the first L columns only: acc's rows keep their stride NR, their second halves untouched. */
    static void microHalf(int kc, float[] ap, int ao, float[] bp, int bo, int bs, float[] acc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * bs);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
        }
        c0.intoArray(acc, 0);
        c1.intoArray(acc, NR);
        c2.intoArray(acc, 2 * NR);
        c3.intoArray(acc, 3 * NR);
        c4.intoArray(acc, 4 * NR);
        c5.intoArray(acc, 5 * NR);
    }

    /**
     * acc (MR x NR, row-major) = the A panel at {@code ao} (kc x MR) times B at {@code bo}, depth row p at
     * {@code bo + p * bs} with NR floats readable: packed panels ({@code bs = NR}) or rows read in place.
     */
    static void micro(int kc, float[] ap, int ao, float[] bp, int bo, int bs, float[] acc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, NR);
        c11.intoArray(acc, NR + L);
        c20.intoArray(acc, 2 * NR);
        c21.intoArray(acc, 2 * NR + L);
        c30.intoArray(acc, 3 * NR);
        c31.intoArray(acc, 3 * NR + L);
        c40.intoArray(acc, 4 * NR);
        c41.intoArray(acc, 4 * NR + L);
        c50.intoArray(acc, 5 * NR);
        c51.intoArray(acc, 5 * NR + L);
    }

    /**
     * A whole tile (MR rows, NR columns) of C at {@code co} = the A panel at {@code ao} times B at {@code bo}, as
     * {@link #micro}, finished in registers: on the first depth block plus the row bias ({@code rb[row ..]}) and
     * then the column bias ({@code cb[col ..]}) where not null, on later blocks plus C; clamped to [lo, hi] when
     * {@code clamp}. Each element sums the products over k in order, then the row bias and the column bias (or C), as
     * {@link #micro} and {@link #finishPart} do for ragged tiles.
     */
    static void microInto(int kc, float[] ap, int ao, float[] bp, int bo, int bs, float[] c, int co, int ldc, float[] rb,
            int row, float[] cb, int col, boolean first, boolean clamp, float lo, float hi) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        int o1 = co + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
        if (!first) {
            c00 = c00.add(FloatVector.fromArray(S, c, co));
            c01 = c01.add(FloatVector.fromArray(S, c, co + L));
            c10 = c10.add(FloatVector.fromArray(S, c, o1));
            c11 = c11.add(FloatVector.fromArray(S, c, o1 + L));
            c20 = c20.add(FloatVector.fromArray(S, c, o2));
            c21 = c21.add(FloatVector.fromArray(S, c, o2 + L));
            c30 = c30.add(FloatVector.fromArray(S, c, o3));
            c31 = c31.add(FloatVector.fromArray(S, c, o3 + L));
            c40 = c40.add(FloatVector.fromArray(S, c, o4));
            c41 = c41.add(FloatVector.fromArray(S, c, o4 + L));
            c50 = c50.add(FloatVector.fromArray(S, c, o5));
            c51 = c51.add(FloatVector.fromArray(S, c, o5 + L));
        } else if (rb != null) {
            float r0 = rb[row];
            float r1 = rb[row + 1];
            float r2 = rb[row + 2];
            float r3 = rb[row + 3];
            float r4 = rb[row + 4];
            float r5 = rb[row + 5];
            c00 = c00.add(r0);
            c01 = c01.add(r0);
            c10 = c10.add(r1);
            c11 = c11.add(r1);
            c20 = c20.add(r2);
            c21 = c21.add(r2);
            c30 = c30.add(r3);
            c31 = c31.add(r3);
            c40 = c40.add(r4);
            c41 = c41.add(r4);
            c50 = c50.add(r5);
            c51 = c51.add(r5);
        }
        if (first && cb != null) {
            FloatVector b0 = FloatVector.fromArray(S, cb, col);
            FloatVector b1 = FloatVector.fromArray(S, cb, col + L);
            c00 = c00.add(b0);
            c01 = c01.add(b1);
            c10 = c10.add(b0);
            c11 = c11.add(b1);
            c20 = c20.add(b0);
            c21 = c21.add(b1);
            c30 = c30.add(b0);
            c31 = c31.add(b1);
            c40 = c40.add(b0);
            c41 = c41.add(b1);
            c50 = c50.add(b0);
            c51 = c51.add(b1);
        }
        if (clamp) {
            c00 = c00.blend(lo, c00.compare(VectorOperators.LE, lo)).blend(hi, c00.compare(VectorOperators.GT, hi));
            c01 = c01.blend(lo, c01.compare(VectorOperators.LE, lo)).blend(hi, c01.compare(VectorOperators.GT, hi));
            c10 = c10.blend(lo, c10.compare(VectorOperators.LE, lo)).blend(hi, c10.compare(VectorOperators.GT, hi));
            c11 = c11.blend(lo, c11.compare(VectorOperators.LE, lo)).blend(hi, c11.compare(VectorOperators.GT, hi));
            c20 = c20.blend(lo, c20.compare(VectorOperators.LE, lo)).blend(hi, c20.compare(VectorOperators.GT, hi));
            c21 = c21.blend(lo, c21.compare(VectorOperators.LE, lo)).blend(hi, c21.compare(VectorOperators.GT, hi));
            c30 = c30.blend(lo, c30.compare(VectorOperators.LE, lo)).blend(hi, c30.compare(VectorOperators.GT, hi));
            c31 = c31.blend(lo, c31.compare(VectorOperators.LE, lo)).blend(hi, c31.compare(VectorOperators.GT, hi));
            c40 = c40.blend(lo, c40.compare(VectorOperators.LE, lo)).blend(hi, c40.compare(VectorOperators.GT, hi));
            c41 = c41.blend(lo, c41.compare(VectorOperators.LE, lo)).blend(hi, c41.compare(VectorOperators.GT, hi));
            c50 = c50.blend(lo, c50.compare(VectorOperators.LE, lo)).blend(hi, c50.compare(VectorOperators.GT, hi));
            c51 = c51.blend(lo, c51.compare(VectorOperators.LE, lo)).blend(hi, c51.compare(VectorOperators.GT, hi));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
    }

    /**
     * Whether {@link #microInto} finishes a tile of {@code h} rows and {@code cols} columns: whole tiles only; an
     * activation is applied after, row by row, by the caller.
     */
    static boolean intoC(int h, int cols) {
        return h == MR && cols == NR;
    }

    /** The activation over a whole tile of C (MR rows of NR floats at {@code off}, rows {@code ldc} apart). */
    private static void activateTile(Epilogue.Activation a, float[] c, int off, int ldc) {
        for (int r = 0; r < MR; r++) {
            VectorActivation.apply(a, c, off + r * ldc, NR);
        }
    }

    /**
     * The first {@code h} rows and {@code cols} columns of a tile from its sums in {@code acc} (rows NR apart) into C
     * at {@code off}: as {@link #microInto} (plus the biases on the first depth block, plus C after; clamped, then
     * activated, on the last), vector by vector. A ragged last vector of a row is finished in {@code acc} (the biases
     * or C folded in by {@link #foldTail}, in the same order) and copied out, so that no load or store needs a mask:
     * a masked access that reaches past the end of C or of the bias went through the Vector API's Java fallback,
     * boxing every vector of the tile (6.7 MB per resnet18 run). The clamp is written out here, not called: a call
     * C2 declined to inline ("low call site frequency") boxed the vectors crossing it. The activations run on the
     * vectors in registers, one call site each.
     */
    static void finishPart(float[] acc, int h, int cols, float[] c, int off, int ldc, Epilogue e, int row, int col,
            boolean first, boolean last) {
        float[] rb = e.rowBias();
        float[] cb = e.colBias();
        float lo = e.lo();
        float hi = e.hi();
        boolean clampLo = last && e.clamps() && lo != Float.NEGATIVE_INFINITY;
        boolean clampHi = last && e.clamps() && hi != Float.POSITIVE_INFINITY;
        boolean silu = last && e.activation() == Epilogue.Activation.SILU;
        boolean hardSwish = last && e.activation() == Epilogue.Activation.HARD_SWISH;
        for (int r = 0; r < h; r++) {
            int o = off + r * ldc;
            int a = r * NR;
            for (int half = 0; half < cols; half += L) {
                boolean whole = cols - half >= L;
                if (!whole) {
                    foldTail(acc, a + half, cols - half, c, o + half, first, rb, row + r, cb, col + half);
                }
                FloatVector v = FloatVector.fromArray(S, acc, a + half);
                if (whole) {
                    if (!first) {
                        v = v.add(FloatVector.fromArray(S, c, o + half));
                    } else {
                        if (rb != null) {
                            v = v.add(rb[row + r]);
                        }
                        if (cb != null) {
                            v = v.add(FloatVector.fromArray(S, cb, col + half));
                        }
                    }
                }
                if (clampLo) {
                    v = v.blend(lo, v.compare(VectorOperators.LE, lo));
                }
                if (clampHi) {
                    v = v.blend(hi, v.compare(VectorOperators.GT, hi));
                }
                if (silu) {
                    v = VectorActivation.silu(v);
                } else if (hardSwish) {
                    v = VectorActivation.hardSwish(v);
                }
                if (whole) {
                    v.intoArray(c, o + half);
                } else {
                    v.intoArray(acc, a + half);
                    System.arraycopy(acc, a + half, c, o + half, cols - half);
                }
            }
        }
    }

    /**
     * The last {@code n} (fewer than L) sums of a tile row at {@code acc[a ..]} plus, on the first depth block, the
     * row bias {@code rb[row]} and then the column bias {@code cb[col ..]} (where not null), else plus C at
     * {@code c[o ..]}: what {@link #finishPart} adds to a whole vector, in the same order, lane by lane.
     */
    private static void foldTail(float[] acc, int a, int n, float[] c, int o, boolean first, float[] rb, int row,
            float[] cb, int col) {
        for (int j = 0; j < n; j++) {
            float s = acc[a + j];
            if (!first) {
                s += c[o + j];
            } else {
                if (rb != null) {
                    s += rb[row];
                }
                if (cb != null) {
                    s += cb[col + j];
                }
            }
            acc[a + j] = s;
        }
    }
}
