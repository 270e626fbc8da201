package dev.ondeck.engine.backend.portable;

/**
 * The portable {@link Sgemm}: blocked over columns and depth; each block of B is copied into zero-based row
 * arrays and four rows of C accumulate in zero-based arrays, so that the innermost {@code acc[j] += a * b[j]}
 * loops index every array with the same {@code j}. That is the shape HotSpot's SuperWord (and ART's loop
 * vectoriser) turn into SIMD: equal indices rule out overlap between the arrays.
 */
public final class PortableSgemm implements Sgemm {
    private static final int COL_BLOCK = 256;
    private static final int DEPTH_BLOCK = 128;
    /** Per thread, allocated once: the B block (DEPTH_BLOCK rows) and four accumulator rows, COL_BLOCK wide. */
    private static final ThreadLocal<float[][][]> SCRATCH = ThreadLocal.withInitial(
            () -> new float[][][] {new float[DEPTH_BLOCK][COL_BLOCK], new float[4][COL_BLOCK]});

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, Epilogue e, int row0, int col0) {
        product(m, n, k, a, aOff, lda, b, bOff, ldb, null, 0, c, cOff, ldc, e, row0, col0);
    }

    @Override
    public void multiplyRows(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, MatrixRows rows, int bCol,
            float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        product(m, n, k, a, aOff, lda, null, 0, 0, rows, bCol, c, cOff, ldc, e, row0, col0);
    }

    /** B from the array, or from {@code rows} (columns from {@code bCol}) when that is not null. */
    private static void product(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            MatrixRows rows, int bCol, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        float[][][] scratch = SCRATCH.get();
        float[][] panel = scratch[0];
        float[][] acc = scratch[1];
        for (int j0 = 0; j0 < n; j0 += COL_BLOCK) {
            int len = Math.min(COL_BLOCK, n - j0);
            for (int i = 0; i < m; i++) {
                e.init(c, cOff + i * ldc + j0, len, row0 + i, col0 + j0);
            }
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int depth = Math.min(DEPTH_BLOCK, k - p0);
                for (int p = 0; p < depth; p++) {
                    if (rows == null) {
                        System.arraycopy(b, bOff + (p0 + p) * ldb + j0, panel[p], 0, len);
                    } else {
                        rows.copy(p0 + p, bCol + j0, len, panel[p], 0);
                    }
                }
                for (int i = 0; i < m; i += 4) {
                    int h = Math.min(4, m - i);
                    for (int r = 0; r < h; r++) {
                        System.arraycopy(c, cOff + (i + r) * ldc + j0, acc[r], 0, len);
                    }
                    int ai = aOff + i * lda + p0;
                    if (h == 4) {
                        for (int p = 0; p < depth; p++) {
                            rows4(panel[p], acc[0], acc[1], acc[2], acc[3], a[ai + p], a[ai + lda + p], a[ai + 2 * lda + p],
                                    a[ai + 3 * lda + p], len);
                        }
                    } else {
                        for (int r = 0; r < h; r++) {
                            for (int p = 0; p < depth; p++) {
                                row1(a[ai + r * lda + p], panel[p], acc[r], len);
                            }
                        }
                    }
                    for (int r = 0; r < h; r++) {
                        System.arraycopy(acc[r], 0, c, cOff + (i + r) * ldc + j0, len);
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                e.finish(c, cOff + i * ldc + j0, len);
            }
        }
    }

    /** r_i[j] += s_i * b[j] for four rows, j < len. */
    private static void rows4(float[] b, float[] r0, float[] r1, float[] r2, float[] r3, float s0, float s1, float s2,
            float s3, int len) {
        for (int j = 0; j < len; j++) {
            float bv = b[j];
            r0[j] += s0 * bv;
            r1[j] += s1 * bv;
            r2[j] += s2 * bv;
            r3[j] += s3 * bv;
        }
    }

    private static void row1(float s, float[] b, float[] r, int len) {
        for (int j = 0; j < len; j++) {
            r[j] += s * b[j];
        }
    }
}
