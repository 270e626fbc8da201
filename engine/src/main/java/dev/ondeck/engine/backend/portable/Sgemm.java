package dev.ondeck.engine.backend.portable;

/**
 * Single-precision matrix product on row-major strided operands; the one entry that a faster backend
 * replaces (the portable loops here, a Vector API micro-kernel in {@code cpu}). Implementations keep their
 * packing buffers per thread and may be called from several intra-op threads at once.
 */
public interface Sgemm {
    /**
     * {@code C = clamp(A * B + bias)}: A is m x k at {@code a[aOff + i*lda + p]}, B is k x n at
     * {@code b[bOff + p*ldb + j]}, C is m x n at {@code c[cOff + i*ldc + j]}. Biases are indexed from matrix
     * row {@code row0} and column {@code col0} (this call may be one tile of a larger product).
     */
    void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, Epilogue e, int row0, int col0);

    /**
     * A constant A [m x k] in this GEMM's own layout, packed once (at prepare or first run) for
     * {@link #multiplyPacked}; null when the implementation does not pack.
     */
    default float[] packA(float[] a, int aOff, int lda, int m, int k) {
        return null;
    }

    /**
     * {@link #packA} for products known to have {@code n} columns: an implementation whose packing helps only
     * some shapes returns null for the others, so no second copy of the weights is kept for nothing.
     */
    default float[] packA(float[] a, int aOff, int lda, int m, int k, int n) {
        return packA(a, aOff, lda, m, k);
    }

    /**
     * {@link #multiply} with A also given as {@code packed} by {@link #packA} (rows counted from {@code row0}
     * of the packed matrix, a multiple of {@link #rowAlignment()}); the default ignores the packing.
     */
    default void multiplyPacked(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
    }

    /**
     * {@link #multiplyPacked} with B given by {@code rows} (columns counted from {@code bCol} of the source)
     * instead of a stored array.
     */
    void multiplyRows(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, MatrixRows rows, int bCol,
            float[] c, int cOff, int ldc, Epilogue e, int row0, int col0);

    /** Row tiles split between threads start at multiples of this. */
    default int rowAlignment() {
        return 8;
    }

    /**
     * Splits a product into tiles over the pool's threads, each tile one {@link #multiply} call: wide products
     * into about two column tiles per thread (multiples of 32 columns, each packed by the thread that computes
     * it; the pool hands tiles out as threads free up, which evens out unequal tiles), others into row tiles.
     */
    static void parallel(Sgemm g, IntraOpPool pool, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e) {
        parallel(g, pool, null, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e);
    }

    /** As above with A also packed by {@link #packA} (or null). */
    static void parallel(Sgemm g, IntraOpPool pool, float[] packed, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, Epilogue e) {
        parallel(g, pool, packed, m, n, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, e);
    }

    /** As above with B given by {@code rows} instead of an array. */
    static void parallel(Sgemm g, IntraOpPool pool, float[] packed, int m, int n, int k, float[] a, int aOff, int lda,
            MatrixRows rows, float[] c, int cOff, int ldc, Epilogue e) {
        parallel(g, pool, packed, m, n, k, a, aOff, lda, null, 0, 0, rows, c, cOff, ldc, e);
    }

    private static void parallel(Sgemm g, IntraOpPool pool, float[] packed, int m, int n, int k, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, MatrixRows rows, float[] c, int cOff, int ldc, Epilogue e) {
        int t = pool.threads();
        if (t == 1 || (long) m * n * k < 65536) {
            tile(g, packed, m, n, k, a, aOff, lda, b, bOff, ldb, rows, 0, c, cOff, ldc, e, 0);
            return;
        }
        if (n >= 64 * t) {
            int chunk = Math.max(32, n / (2 * t) / 32 * 32);
            int tasks = (n + chunk - 1) / chunk;
            pool.run(tasks, i -> {
                int j0 = i * chunk;
                tile(g, packed, m, Math.min(chunk, n - j0), k, a, aOff, lda, b, bOff, ldb, rows, j0, c, cOff, ldc, e, j0);
            });
        } else {
            int align = g.rowAlignment();
            int chunk = Math.max(align, (m / t + align - 1) / align * align);
            int tasks = (m + chunk - 1) / chunk;
            pool.run(tasks, i -> {
                int i0 = i * chunk;
                int len = Math.min(chunk, m - i0);
                if (rows == null) {
                    g.multiplyPacked(packed, len, n, k, a, aOff + i0 * lda, lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc, e, i0, 0);
                } else {
                    g.multiplyRows(packed, len, n, k, a, aOff + i0 * lda, lda, rows, 0, c, cOff + i0 * ldc, ldc, e, i0, 0);
                }
            });
        }
    }

    /** Columns j0 .. j0 + n of the product, all rows. */
    private static void tile(Sgemm g, float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, MatrixRows rows, int bCol, float[] c, int cOff, int ldc, Epilogue e, int j0) {
        if (rows == null) {
            g.multiplyPacked(packed, m, n, k, a, aOff, lda, b, bOff + j0, ldb, c, cOff + j0, ldc, e, 0, j0);
        } else {
            g.multiplyRows(packed, m, n, k, a, aOff, lda, rows, bCol, c, cOff + j0, ldc, e, 0, j0);
        }
    }
}
