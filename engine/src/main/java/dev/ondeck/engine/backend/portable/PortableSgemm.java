package dev.ondeck.engine.backend.portable;

/**
 * The portable {@link Sgemm}: blocked over columns and depth so that a block of B stays in L2 and a row
 * slice of C in L1; the innermost loop is a single-stream {@code c += a * b} over contiguous columns, the
 * shape HotSpot's SuperWord and ART's loop vectoriser turn into SIMD.
 */
public final class PortableSgemm implements Sgemm {
    private static final int COL_BLOCK = 512;
    private static final int DEPTH_BLOCK = 256;

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, Epilogue e, int row0, int col0) {
        for (int j0 = 0; j0 < n; j0 += COL_BLOCK) {
            int len = Math.min(COL_BLOCK, n - j0);
            for (int i = 0; i < m; i++) {
                e.init(c, cOff + i * ldc + j0, len, row0 + i, col0 + j0);
            }
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int p1 = Math.min(k, p0 + DEPTH_BLOCK);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j0;
                    int ai = aOff + i * lda;
                    for (int p = p0; p < p1; p++) {
                        axpy(a[ai + p], b, bOff + p * ldb + j0, c, ci, len);
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                e.finish(c, cOff + i * ldc + j0, len);
            }
        }
    }

    /** {@code c[co + j] += s * b[bo + j]} for j < len. */
    static void axpy(float s, float[] b, int bo, float[] c, int co, int len) {
        for (int j = 0; j < len; j++) {
            c[co + j] += s * b[bo + j];
        }
    }
}
