package dev.ondeck.engine.backend.portable;

/**
 * A convolution with few output pixels, computed transposed: {@code Y^T [pixels x out-channels] = P^T [pixels x K]
 * * W^T [K x out-channels]}. The constant weights are B, packed once in the GEMM's panel layout; the patch matrix
 * P is A, packed per run straight from the input ({@link Im2col.Taps}, {@link Sgemm#packATransposed}); the
 * many output channels fill the GEMM's wide column panels where the few pixels (49 in ResNet's last stage) would
 * leave a panel mostly empty. Bias, clamp and activation are the product's epilogue (bias per column);
 * each thread transposes its own channels of the result into NCHW. Only for GEMMs that
 * {@link Sgemm#packsATransposed pack A from its transpose}, one group, constant weights.
 */
final class TransposedConv {
    /** The most output pixels of a transposed product: its patches are gathered one element at a time. */
    static final int MAX_PIXELS = 256;
    /** What transposing one output element costs, in multiply-adds (measured: a 1x1 downsample of 128 channels lost). */
    static final int TRANSPOSE_COST = 32;
    private final Sgemm gemm;
    private final IntraOpPool pool;
    private final int m;
    private final int n;
    private final int k;
    private final Im2col.Taps patches;
    private float[] lastWeights;
    private float[] packedW;
    private final float[] packedP;
    private final float[] product;
    private Epilogue lastEpilogue;
    private Epilogue transposedEpilogue;
    private final int packTasks;
    private final int productTasks;
    /** The tasks, made once so that a run allocates nothing; they read the output of the run in progress. */
    private final IntraOpPool.Task packPart = this::packPart;
    private final IntraOpPool.Task productPart = this::productPart;
    private float[] y;
    private int yOff;

    /** For a product of {@code m} output channels, {@code n} pixels and depth {@code k}. */
    TransposedConv(Sgemm gemm, IntraOpPool pool, int m, int n, int k, Im2col.Taps patches) {
        this.patches = patches;
        this.gemm = gemm;
        this.pool = pool;
        this.m = m;
        this.n = n;
        this.k = k;
        this.packedP = new float[Math.toIntExact(gemm.packedASize(n, k))];
        this.product = new float[n * m];
        this.packTasks = pool.tasks((long) n * k, IntraOpPool.MIN_TASK_ELEMENTS);
        int panels = (m + gemm.colAlignment() - 1) / gemm.colAlignment();
        this.productTasks = Math.max(1, Math.min(panels, pool.tasks((long) m * n * k, SgemmSplit.MIN_TASK_WORK)));
    }

    /**
     * Whether the transposed product pays: at most {@link #MAX_PIXELS} pixels, and fewer multiply-adds counted
     * over the micro-kernel's padded tiles, {@code pad(n, rows) * pad(m, cols) * k} plus {@link #TRANSPOSE_COST}
     * per output element for the transposition, than the direct {@code pad(m, rows) * pad(n, cols) * k} (so a
     * shallow product, such as a 1x1 downsample of 128 channels, stays direct). The system property
     * {@code ondeck.conv.transposed} ({@code true} or {@code false}) forces the choice where the GEMM can.
     */
    static boolean pays(Sgemm g, int m, int n, int k) {
        if (!g.packsATransposed() || n > MAX_PIXELS || (long) n * k > Integer.MAX_VALUE / 2) {
            return false;
        }
        String forced = System.getProperty("ondeck.conv.transposed");
        if (forced != null && !forced.isEmpty()) {
            return Boolean.parseBoolean(forced);
        }
        long direct = (long) pad(m, g.rowAlignment()) * pad(n, g.colAlignment()) * k;
        long transposed = (long) pad(n, g.rowAlignment()) * pad(m, g.colAlignment()) * k + (long) TRANSPOSE_COST * n * m;
        return transposed < direct;
    }

    private static int pad(int v, int align) {
        return (v + align - 1) / align * align;
    }

    /**
     * {@code y[yOff ..]} (m channels x n pixels) = epilogue(W * P) for the weights {@code w} (m x k, row-major,
     * from {@code wOff}; packed again only when the array changes) and the patches P (k x n) of the input
     * {@code x} from {@code xOff}.
     */
    void run(float[] w, int wOff, float[] x, int xOff, float[] y, int yOff, Epilogue e) {
        patches.set(x, xOff);
        if (w != lastWeights) {
            packWeights(w, wOff);
            lastWeights = w;
        }
        if (e != lastEpilogue) {
            transposedEpilogue = e.withBias(e.colBias(), e.rowBias());
            lastEpilogue = e;
        }
        this.y = y;
        this.yOff = yOff;
        pool.run(packTasks, packPart);
        pool.run(productTasks, productPart);
        this.y = null;
    }

    /** Rows of P^T's packing for task i of {@link #packTasks}. */
    private void packPart(int i) {
        gemm.packATransposed(n, k, patches, IntraOpPool.bound(i, packTasks, k, 1), IntraOpPool.bound(i + 1, packTasks, k, 1),
                packedP);
    }

    /** Whole panels of output channels for task i of {@link #productTasks}: their product, then into NCHW. */
    private void productPart(int i) {
        int align = gemm.colAlignment();
        int panels = (m + align - 1) / align;
        int j0 = IntraOpPool.bound(i, productTasks, panels, 1) * align;
        int j1 = Math.min(m, IntraOpPool.bound(i + 1, productTasks, panels, 1) * align);
        if (j0 < j1) {
            gemm.multiplyPackedB(packedP, n, m, k, null, 0, 0, packedW, j0, j1 - j0, product, 0, m, transposedEpilogue, 0);
            transpose(j0, j1, y, yOff);
        }
    }

    /** W^T [k x m] in the GEMM's packed-B layout. */
    private void packWeights(float[] w, int wOff) {
        float[] wt = new float[k * m];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                wt[p * m + i] = w[wOff + i * k + p];
            }
        }
        packedW = new float[Math.toIntExact(gemm.packedBSize(k, m))];
        gemm.packB(k, m, wt, 0, m, null, 0, 0, k, packedW);
    }

    /** Channels j0 .. j1 of the n x m product into NCHW: y[c * n + j] = product[j * m + c], in blocks of 8 pixels. */
    private void transpose(int j0, int j1, float[] y, int yOff) {
        for (int jb = 0; jb < n; jb += 8) {
            int je = Math.min(n, jb + 8);
            for (int c = j0; c < j1; c++) {
                int dst = yOff + c * n;
                for (int j = jb; j < je; j++) {
                    y[dst + j] = product[j * m + c];
                }
            }
        }
    }
}
