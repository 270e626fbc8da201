package dev.ondeck.engine.backend.portable;

/**
 * The portable {@link Sgemm}: blocked over columns and depth so that a block of B stays in L2; four rows of C
 * at a time accumulate in four arrays allocated in this very call, which lets HotSpot's SuperWord (and ART's
 * vectoriser) prove they alias neither A nor B and turn the innermost {@code acc += a * b} loop into SIMD,
 * with each loaded B vector feeding four multiply-adds.
 */
public final class PortableSgemm implements Sgemm {
    private static final int COL_BLOCK = 256;
    private static final int DEPTH_BLOCK = 256;

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, Epilogue e, int row0, int col0) {
        int width = Math.min(COL_BLOCK, n);
        float[] acc0 = new float[width];
        float[] acc1 = new float[width];
        float[] acc2 = new float[width];
        float[] acc3 = new float[width];
        for (int j0 = 0; j0 < n; j0 += COL_BLOCK) {
            int len = Math.min(COL_BLOCK, n - j0);
            for (int i = 0; i < m; i++) {
                e.init(c, cOff + i * ldc + j0, len, row0 + i, col0 + j0);
            }
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int p1 = Math.min(k, p0 + DEPTH_BLOCK);
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    int ai = aOff + i * lda;
                    int ci = cOff + i * ldc + j0;
                    load(c, ci, ldc, len, acc0, acc1, acc2, acc3);
                    for (int p = p0; p < p1; p++) {
                        rows4(a[ai + p], a[ai + lda + p], a[ai + 2 * lda + p], a[ai + 3 * lda + p], b, bOff + p * ldb + j0, len,
                                acc0, acc1, acc2, acc3);
                    }
                    store(c, ci, ldc, len, acc0, acc1, acc2, acc3);
                }
                for (; i < m; i++) {
                    int ai = aOff + i * lda;
                    int ci = cOff + i * ldc + j0;
                    System.arraycopy(c, ci, acc0, 0, len);
                    for (int p = p0; p < p1; p++) {
                        row1(a[ai + p], b, bOff + p * ldb + j0, len, acc0);
                    }
                    System.arraycopy(acc0, 0, c, ci, len);
                }
            }
            for (int i = 0; i < m; i++) {
                e.finish(c, cOff + i * ldc + j0, len);
            }
        }
    }

    private static void load(float[] c, int ci, int ldc, int len, float[] r0, float[] r1, float[] r2, float[] r3) {
        System.arraycopy(c, ci, r0, 0, len);
        System.arraycopy(c, ci + ldc, r1, 0, len);
        System.arraycopy(c, ci + 2 * ldc, r2, 0, len);
        System.arraycopy(c, ci + 3 * ldc, r3, 0, len);
    }

    private static void store(float[] c, int ci, int ldc, int len, float[] r0, float[] r1, float[] r2, float[] r3) {
        System.arraycopy(r0, 0, c, ci, len);
        System.arraycopy(r1, 0, c, ci + ldc, len);
        System.arraycopy(r2, 0, c, ci + 2 * ldc, len);
        System.arraycopy(r3, 0, c, ci + 3 * ldc, len);
    }

    /** r_i[j] += s_i * b[bo + j] for four rows, j < len. */
    private static void rows4(float s0, float s1, float s2, float s3, float[] b, int bo, int len, float[] r0, float[] r1,
            float[] r2, float[] r3) {
        for (int j = 0; j < len; j++) {
            float bv = b[bo + j];
            r0[j] += s0 * bv;
            r1[j] += s1 * bv;
            r2[j] += s2 * bv;
            r3[j] += s3 * bv;
        }
    }

    private static void row1(float s, float[] b, int bo, int len, float[] r) {
        for (int j = 0; j < len; j++) {
            r[j] += s * b[bo + j];
        }
    }
}
