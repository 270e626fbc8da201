package dev.ondeck.engine.backend.portable;

import java.util.Arrays;

/**
 * The portable {@link Sgemm}, written for the loop vectorisers of HotSpot's C2 (SuperWord) and ART rather than
 * for explicit vectors. C2 (JDK 25) vectorises a counted loop such as {@code for j: r[j] += s * x[j]} only when
 * every array in it is indexed by the same {@code j}: an offset such as {@code c[cOff + j]} on arrays that might
 * be one array keeps the loop scalar, and so does a short loop of constant trip count (it is unrolled whole).
 * Each call also runs the iterations short of a whole vector one by one after the vector loop, so the loops must be
 * long, and the products run them over rows rounded up to whole 512-bit vectors ({@link #vectorLength}); and a
 * loop body larger than {@link #rows2x4}'s is not unrolled sixteen times under the default unroll limit, so it
 * stays scalar. Hence one micro-kernel, {@link #rows2x4}: two accumulator rows, four packed rows per pass, each packed load feeding two products and
 * each accumulator loaded and stored once per four depths (1.3 to 1.6 times the throughput of two rows by two
 * depths, measured in L1), driven by {@link #rowPair}; it serves both orientations:
 * <ul>
 * <li><b>Wide</b> products (the usual case: many columns) run along rows of C. Columns go in blocks of up to
 * {@link #COL_BLOCK}, depth in blocks of {@link #DEPTH_BLOCK}; each depth block of B is copied into zero-based
 * rows once (from the array, or straight from a {@link MatrixRows} source such as the patches of a convolution)
 * and serves all rows of C, two at a time in two zero-based accumulator rows, scaled by A's rows.</li>
 * <li><b>Narrow</b> products (few columns and more rows, or somewhat more columns and many more rows: the late layers
 * of a CNN at 7x7, a classifier at 13x13) run down columns of C
 * instead: the accumulators are two columns of C, the packed rows A transposed, the scalars a depth block of B
 * transposed ({@link #packA} stores a constant A transposed once, so this path then copies rows instead of
 * gathering columns).</li>
 * </ul>
 * Rows shorter than {@link #LONG_ROW} run in copies of these loops ({@link ShortRowKernels}), so that their
 * trip counts do not enter the long loops' profile.
 * The packed and accumulator rows are allocated together, of one length that keeps them aligned alike and apart
 * modulo 4K ({@link #paddedLength}). Sums are plain
 * {@code c + a * b} (Math.fma is outside Android API 26, and C2 does not fuse), one depth at a time in depth
 * order, so every split of a product (the same path, {@link #forProduct}) sums like the whole.
 */
public final class PortableSgemm implements Sgemm {
    /** Longest row segment of C one pass covers (wide path): the vector loop's trip count. */
    static final int COL_BLOCK = 1024;
    /** Rows of B (wide) or of A transposed (narrow) packed per block: the block stays in L2. */
    static final int DEPTH_BLOCK = 128;
    /**
     * Longest column segment of C one pass covers (narrow path): long, since the row loops' cost per call, not the
     * caches, bounds them (a 1280 x 49 x 320 product in two blocks of 640 ran at 64-69 GFLOP/s, in three of 432 at
     * 52-62; the 1000-row classifier of SqueezeNet at 66-69 in one block, 46-53 in two).
     */
    static final int ROW_BLOCK = 1024;
    /** At most this many columns go through the narrow path when there are more rows. */
    static final int NARROW_COLS = 128;
    /**
     * Up to this many columns also go through the narrow path when there are at least {@link #TALL} times as many
     * rows: SqueezeNet's classifier (1000 x 169 x 512) ran at 66-71 GFLOP/s down its 1000 rows against 43-55 along
     * its 169 columns, while 192 x 169 x 48 and 256 x 169 x 64 ran a third slower narrow than wide.
     */
    static final int TALL_COLS = 256;
    static final int TALL = 4;
    /** Rows of C the narrow path stores from its accumulator columns at a time (one cache line of each column). */
    private static final int STORE_ROWS = 16;
    /**
     * Rows shorter than this go through {@link ShortRowKernels}, the same loops in other methods: C2 unrolls (and
     * so vectorises) a loop no further than the trip count profiled for it, so short rows sharing these loops
     * left the long ones half as fast (measured: a 512^3 product 58 GFLOP/s alone, 39 after 16 x 36 products).
     */
    static final int LONG_ROW = 128;

    /** Per thread, allocated on first use and grown on demand: packing and accumulator rows. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Path chosen per call from its own shape. */
    private static final int BY_SHAPE = 0;
    private static final int WIDE = 1;
    private static final int NARROW = 2;
    private static final PortableSgemm WIDE_ONLY = new PortableSgemm(WIDE);
    private static final PortableSgemm NARROW_ONLY = new PortableSgemm(NARROW);

    private final int path;

    /** A GEMM that picks the wide or narrow path for each call from its shape. */
    public PortableSgemm() {
        this(BY_SHAPE);
    }

    private PortableSgemm(int path) {
        this.path = path;
    }

    /** Parts of a split product all take the path of the whole, so a split sums in the whole's order. */
    @Override
    public Sgemm forProduct(int m, int n, int k) {
        return path != BY_SHAPE ? this : narrow(m, n) ? NARROW_ONLY : WIDE_ONLY;
    }

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, Epilogue e, int row0, int col0) {
        product(null, m, n, k, a, aOff, lda, b, bOff, ldb, null, 0, c, cOff, ldc, e, row0, col0);
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

    /** A transposed, [k x m] row-major (row p holds column p of A), for the narrow path. */
    @Override
    public float[] packA(float[] a, int aOff, int lda, int m, int k) {
        float[] t = new float[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                t[p * m + i] = a[aOff + i * lda + p];
            }
        }
        return t;
    }

    /** Packs only for the narrow path, the one that reads the packing: wide products keep no copy. */
    @Override
    public float[] packA(float[] a, int aOff, int lda, int m, int k, int n) {
        return narrow(m, n) ? packA(a, aOff, lda, m, k) : null;
    }

    /** Whether a product of this shape goes down columns rather than along rows. */
    static boolean narrow(int m, int n) {
        return n <= NARROW_COLS && m > n || n <= TALL_COLS && m >= TALL * n;
    }

    /** B from the array, or from {@code rows} (columns from {@code bCol}) when that is not null. */
    private void product(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, MatrixRows rows, int bCol, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        if (m == 0 || n == 0) {
            return;
        }
        Scratch s = SCRATCH.get();
        if (path == NARROW || path == BY_SHAPE && narrow(m, n)) {
            narrowProduct(s, packed, m, n, k, a, aOff, lda, b, bOff, ldb, rows, bCol, c, cOff, ldc, e, row0, col0);
        } else {
            wideProduct(s, m, n, k, a, aOff, lda, b, bOff, ldb, rows, bCol, c, cOff, ldc, e, row0, col0);
        }
    }

    /** Copies rows p0 .. p0 + depth of B, columns j0 .. j0 + len, into panel[0 .. depth), each from index 0. */
    private static void packB(float[][] panel, int p0, int depth, int j0, int len, float[] b, int bOff, int ldb,
            MatrixRows rows, int bCol) {
        for (int p = 0; p < depth; p++) {
            if (rows == null) {
                System.arraycopy(b, bOff + (p0 + p) * ldb + j0, panel[p], 0, len);
            } else {
                rows.copy(p0 + p, bCol + j0, len, panel[p], 0);
            }
        }
    }

    private static void wideProduct(Scratch s, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, MatrixRows rows, int bCol, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        int blocks = (n + COL_BLOCK - 1) / COL_BLOCK;
        int width = Math.min(n, ((n + blocks - 1) / blocks + 15) & ~15);
        s.ensure(Math.min(DEPTH_BLOCK, k), 2, width);
        float[][] panel = s.panel();
        float[][] acc = s.acc();
        for (int j0 = 0; j0 < n; j0 += width) {
            int len = Math.min(width, n - j0);
            int lanes = vectorLength(len);
            for (int p0 = 0; p0 == 0 || p0 < k; p0 += DEPTH_BLOCK) {
                int depth = Math.min(DEPTH_BLOCK, k - p0);
                boolean last = p0 + depth >= k;
                packB(panel, p0, depth, j0, len, b, bOff, ldb, rows, bCol);
                zeroTails(panel, depth, len, lanes);
                for (int i = 0; i < m; i += 2) {
                    int h = Math.min(2, m - i);
                    for (int r = 0; r < h; r++) {
                        if (p0 == 0) {
                            e.init(acc[r], 0, len, row0 + i + r, col0 + j0);
                        } else {
                            System.arraycopy(c, cOff + (i + r) * ldc + j0, acc[r], 0, len);
                        }
                        Arrays.fill(acc[r], len, lanes, 0f);
                    }
                    int ai = aOff + i * lda + p0;
                    if (h == 2) {
                        rowPair(panel, depth, acc[0], acc[1], a, ai, a, ai + lda, lanes);
                    } else {
                        oneRow(panel, depth, acc[0], a, ai, lanes);
                    }
                    for (int r = 0; r < h; r++) {
                        if (last) {
                            e.finish(acc[r], 0, len);
                        }
                        System.arraycopy(acc[r], 0, c, cOff + (i + r) * ldc + j0, len);
                    }
                }
            }
        }
    }

    /**
     * C column by column: for each block of rows, the accumulators are the columns of C (zero-based, one array
     * per column) and the packed rows are A transposed, times scalars of B.
     */
    private static void narrowProduct(Scratch s, float[] packed, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, MatrixRows rows, int bCol, float[] c, int cOff, int ldc, Epilogue e, int row0,
            int col0) {
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        int height = Math.min(m, ((m + blocks - 1) / blocks + 15) & ~15);
        int depthBlock = Math.min(DEPTH_BLOCK, k);
        s.ensure(depthBlock, n, height);
        float[][] at = s.panel();
        float[][] acc = s.acc();
        float[][] bp = s.rows(s.bRows(), depthBlock, n);
        s.setBRows(bp);
        float[] bt = s.transposed(depthBlock * n);
        int packedRows = packed == null || k == 0 ? 0 : packed.length / k;
        float[] rowBias = e.rowBias();
        float[] colBias = e.colBias();
        for (int i0 = 0; i0 < m; i0 += height) {
            int len = Math.min(height, m - i0);
            int lanes = vectorLength(len);
            for (int j = 0; j < n; j++) {
                float cb = colBias == null ? 0f : colBias[col0 + j];
                float[] col = acc[j];
                for (int i = 0; i < len; i++) {
                    col[i] = rowBias == null ? cb : rowBias[row0 + i0 + i] + cb;
                }
                Arrays.fill(col, len, lanes, 0f);
            }
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int depth = Math.min(DEPTH_BLOCK, k - p0);
                for (int p = 0; p < depth; p++) {
                    float[] row = at[p];
                    if (packed != null) {
                        System.arraycopy(packed, (p0 + p) * packedRows + row0 + i0, row, 0, len);
                    } else {
                        int src = aOff + i0 * lda + p0 + p;
                        for (int i = 0; i < len; i++) {
                            row[i] = a[src + i * lda];
                        }
                    }
                }
                zeroTails(at, depth, len, lanes);
                packB(bp, p0, depth, 0, n, b, bOff, ldb, rows, bCol);
                for (int p = 0; p < depth; p++) {
                    float[] br = bp[p];
                    for (int j = 0; j < n; j++) {
                        bt[j * depth + p] = br[j];
                    }
                }
                int j = 0;
                for (; j + 2 <= n; j += 2) {
                    rowPair(at, depth, acc[j], acc[j + 1], bt, j * depth, bt, (j + 1) * depth, lanes);
                }
                if (j < n) {
                    oneRow(at, depth, acc[j], bt, j * depth, lanes);
                }
            }
            storeColumns(acc, len, n, c, cOff + i0 * ldc, ldc, e);
        }
    }

    /**
     * Rows 0 .. len of C at {@code c[cOff + i * ldc + j]} from the accumulator columns {@code acc[j][i]}, j &lt; n,
     * then the epilogue's finish per row: {@link #STORE_ROWS} rows at a time, each column's run of them read once
     * (one cache line) while those rows of C stay in L1, instead of one element of every column per row of C (the
     * columns of a 1000 x 169 product are 169 arrays of 4 KB).
     */
    private static void storeColumns(float[][] acc, int len, int n, float[] c, int cOff, int ldc, Epilogue e) {
        for (int i0 = 0; i0 < len; i0 += STORE_ROWS) {
            int rows = Math.min(STORE_ROWS, len - i0);
            for (int j = 0; j < n; j++) {
                float[] col = acc[j];
                for (int i = 0; i < rows; i++) {
                    c[cOff + (i0 + i) * ldc + j] = col[i0 + i];
                }
            }
            for (int i = 0; i < rows; i++) {
                e.finish(c, cOff + (i0 + i) * ldc, n);
            }
        }
    }

    /**
     * Two accumulator rows over one depth block: {@code r0 += sum over p < depth of s0[o0 + p] * x[p]}, and r1
     * likewise with s1 from o1, p in increasing order (each step a separate {@code c + s * v}, so any split of a
     * product sums like the whole). Four depths per pass ({@link #rows2x4}), then one at a time.
     */
    static void rowPair(float[][] x, int depth, float[] r0, float[] r1, float[] s0, int o0, float[] s1, int o1, int len) {
        if (len < LONG_ROW) {
            ShortRowKernels.rowPair(x, depth, r0, r1, s0, o0, s1, o1, len);
            return;
        }
        int p = 0;
        for (; p + 4 <= depth; p += 4) {
            int q = o0 + p;
            int u = o1 + p;
            rows2x4(x[p], x[p + 1], x[p + 2], x[p + 3], r0, r1, s0[q], s0[q + 1], s0[q + 2], s0[q + 3], s1[u], s1[u + 1],
                    s1[u + 2], s1[u + 3], len);
        }
        for (; p < depth; p++) {
            rows2(x[p], r0, r1, s0[o0 + p], s1[o1 + p], len);
        }
    }

    /** {@link #rowPair} for a single accumulator row, summing in the same order. */
    static void oneRow(float[][] x, int depth, float[] r, float[] s, int o, int len) {
        if (len < LONG_ROW) {
            ShortRowKernels.oneRow(x, depth, r, s, o, len);
            return;
        }
        int p = 0;
        for (; p + 4 <= depth; p += 4) {
            int q = o + p;
            row1x4(x[p], x[p + 1], x[p + 2], x[p + 3], r, s[q], s[q + 1], s[q + 2], s[q + 3], len);
        }
        for (; p < depth; p++) {
            row1(x[p], r, s[o + p], len);
        }
    }

    /**
     * The micro-kernel: r0[j] += a0 * x0[j], then a1 * x1[j], a2 * x2[j], a3 * x3[j], and r1 likewise with b0..b3,
     * j &lt; len. Each x load feeds two products and each accumulator is loaded and stored once per four depths;
     * every array is indexed by the same j. This is about the largest body C2 (JDK 25, default flags) still
     * unrolls sixteen times, to full 512-bit vectors: four rows by four depths, or two by eight, stay scalar.
     */
    static void rows2x4(float[] x0, float[] x1, float[] x2, float[] x3, float[] r0, float[] r1, float a0, float a1,
            float a2, float a3, float b0, float b1, float b2, float b3, int len) {
        for (int j = 0; j < len; j++) {
            float v0 = x0[j];
            float v1 = x1[j];
            float v2 = x2[j];
            float v3 = x3[j];
            float c0 = r0[j];
            float c1 = r1[j];
            c0 += a0 * v0;
            c1 += b0 * v0;
            c0 += a1 * v1;
            c1 += b1 * v1;
            c0 += a2 * v2;
            c1 += b2 * v2;
            c0 += a3 * v3;
            c1 += b3 * v3;
            r0[j] = c0;
            r1[j] = c1;
        }
    }

    /** {@link #rows2x4} for one accumulator row. */
    static void row1x4(float[] x0, float[] x1, float[] x2, float[] x3, float[] r, float a0, float a1, float a2,
            float a3, int len) {
        for (int j = 0; j < len; j++) {
            float c = r[j];
            c += a0 * x0[j];
            c += a1 * x1[j];
            c += a2 * x2[j];
            c += a3 * x3[j];
            r[j] = c;
        }
    }

    /** r0[j] += s0 * x[j] and r1[j] += s1 * x[j], j &lt; len. */
    static void rows2(float[] x, float[] r0, float[] r1, float s0, float s1, int len) {
        for (int j = 0; j < len; j++) {
            float v = x[j];
            r0[j] += s0 * v;
            r1[j] += s1 * v;
        }
    }

    /** r[j] += s * x[j], j &lt; len. */
    static void row1(float[] x, float[] r, float s, int len) {
        for (int j = 0; j < len; j++) {
            r[j] += s * x[j];
        }
    }

    /**
     * The length the row loops run over for {@code len} columns: {@code len} rounded up to a multiple of 16
     * floats, one 512-bit vector. C2 runs a vectorised loop's last iterations short of a whole vector one by one
     * (a 169-column row ended in 9 scalar iterations, as long as the 10 vector ones), so the loops instead run
     * over the zeroed tail of their zero-based rows ({@link #zeroTails}), whose extra columns are never stored.
     */
    static int vectorLength(int len) {
        return (len + 15) & ~15;
    }

    /** Zeros columns {@code len .. lanes} of the first {@code count} rows: the tail {@link #vectorLength} adds. */
    private static void zeroTails(float[][] rows, int count, int len, int lanes) {
        if (len < lanes) {
            for (int p = 0; p < count; p++) {
                Arrays.fill(rows[p], len, lanes, 0f);
            }
        }
    }

    /**
     * A row length of at least {@code width} floats for rows allocated one after another: each row's bytes, with
     * the 16-byte array header of HotSpot's default layout, a whole number of 64-byte cache lines, and up to four
     * consecutive rows at least 256 bytes apart modulo 4096.
     * <ul>
     * <li>Rows of whole cache lines all start at the same offset within a line, so that C2's pre-loop, which
     * aligns one array's accesses, aligns them all: no vector load or store then straddles two lines (measured
     * on a 64 x 1008 x 128 product: 101-114 GFLOP/s against 85-105 for rows 16 bytes off).</li>
     * <li>Rows whose addresses agree in their low 12 bits (4K aliasing: rows of exactly 1024 or 2048 floats, say)
     * make the CPU hold each load behind the stores of another row and cost the micro-kernel more than half its
     * speed.</li>
     * </ul>
     */
    static int paddedLength(int width) {
        int w = vectorLength(Math.max(width, 1));
        w += Math.floorMod(12 - w, 16);
        for (;; w += 16) {
            boolean spread = true;
            for (int t = 1; t <= 4; t++) {
                int r = (int) ((long) t * rowBytes(w) % 4096);
                spread &= Math.min(r, 4096 - r) >= 256;
            }
            if (spread) {
                return w;
            }
        }
    }

    /** Bytes from one float[w] to the next allocated after it: the header (16 bytes) and the data. */
    static long rowBytes(int w) {
        return 16L + 4L * w;
    }

    /** One thread's buffers, kept between products and grown (never shrunk) to the largest shape seen. */
    private static final class Scratch {
        private float[][] panel = new float[0][];
        private float[][] acc = new float[0][];
        /** Floats per row of {@link #panel} and {@link #acc}. */
        private int rowLength;
        private float[][] bRows = new float[0][];
        private float[] transposed = new float[0];

        /**
         * Makes {@link #panel} hold at least {@code panelRows} rows and {@link #acc} at least {@code accRows}, all of
         * at least {@code width} floats. When it grows them, it allocates all their rows one after another, of one
         * {@link #paddedLength}, so that the micro-kernel's arrays share their alignment within a cache line.
         */
        void ensure(int panelRows, int accRows, int width) {
            if (panel.length >= panelRows && acc.length >= accRows && rowLength >= width) {
                return;
            }
            int w = paddedLength(Math.max(width, rowLength));
            float[][] p = new float[Math.max(panelRows, panel.length)][];
            float[][] a = new float[Math.max(accRows, acc.length)][];
            for (int r = 0; r < p.length; r++) {
                p[r] = new float[w];
            }
            for (int r = 0; r < a.length; r++) {
                a[r] = new float[w];
            }
            panel = p;
            acc = a;
            rowLength = w;
        }

        float[][] panel() {
            return panel;
        }

        float[][] acc() {
            return acc;
        }

        /** A flat buffer of at least {@code size} floats. */
        float[] transposed(int size) {
            if (transposed.length < size) {
                transposed = new float[size];
            }
            return transposed;
        }

        float[][] bRows() {
            return bRows;
        }

        void setBRows(float[][] p) {
            bRows = p;
        }

        /** {@code have} if it holds at least {@code count} rows of at least {@code width}; else a larger set. */
        float[][] rows(float[][] have, int count, int width) {
            if (have.length >= count && (count == 0 || have[0].length >= width)) {
                return have;
            }
            int w = paddedLength(Math.max(width, have.length == 0 ? 0 : have[0].length));
            float[][] grown = new float[Math.max(count, have.length)][];
            for (int r = 0; r < grown.length; r++) {
                grown[r] = new float[w];
            }
            return grown;
        }
    }
}
