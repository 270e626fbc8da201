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

    /** Splits a product into tiles over the pool's threads; each tile is one {@link #multiply} call. */
    static void parallel(Sgemm g, IntraOpPool pool, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e) {
        int t = pool.threads();
        if (t == 1 || (long) m * n * k < 65536) {
            g.multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, 0, 0);
            return;
        }
        if (n >= 64 * t) {
            int chunk = (n / t + 63) & ~63;
            int tasks = (n + chunk - 1) / chunk;
            pool.run(tasks, i -> {
                int j0 = i * chunk;
                int len = Math.min(chunk, n - j0);
                g.multiply(m, len, k, a, aOff, lda, b, bOff + j0, ldb, c, cOff + j0, ldc, e, 0, j0);
            });
        } else {
            int chunk = Math.max(8, (m / t + 7) & ~7);
            int tasks = (m + chunk - 1) / chunk;
            pool.run(tasks, i -> {
                int i0 = i * chunk;
                int len = Math.min(chunk, m - i0);
                g.multiply(len, n, k, a, aOff + i0 * lda, lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc, e, i0, 0);
            });
        }
    }
}
