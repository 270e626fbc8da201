package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PortableSgemm} against a double-precision product, on shapes that reach every remainder of both paths:
 * odd row and column counts, depths that are not a multiple of the pass or block depth, several column blocks,
 * strided operands (columns past n left alone), biases with a clamp, a constant A packed by {@link PortableSgemm#packA} and B given by rows.
 */
class PortableSgemmTest {
    private final Sgemm gemm = new PortableSgemm();

    @Test
    void wideProductsMatchTheDefinition() {
        assertFalse(PortableSgemm.narrow(7, 300));
        check(1, 1, 1, false, false);
        check(7, 300, 3, false, false);
        check(6, 2500, 261, false, false);
        check(33, 129, 130, true, false);
        check(5, 200, 0, false, false);
    }

    @Test
    void narrowProductsMatchTheDefinition() {
        assertTrue(PortableSgemm.narrow(300, 49));
        check(300, 49, 133, false, false);
        check(300, 49, 133, false, true);
        check(1100, 7, 9, true, true);
        check(40, 1, 300, true, false);
        check(20, 3, 0, true, true);
        assertTrue(PortableSgemm.narrow(1000, 169));
        assertFalse(PortableSgemm.narrow(256, 169));
        check(700, 150, 37, true, true);
        check(1100, 130, 5, false, false);
    }

    /**
     * Every depth remainder of the four-depth pass (k mod 4, and a block of 128 plus a remainder), with a row or
     * column left over from the pairs, on both paths.
     */
    @Test
    void depthRemaindersAndLeftoverRowsMatchTheDefinition() {
        for (int k : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 131, 258}) {
            check(5, 37, k, false, true);
            check(3, 17, k, true, false);
            check(9, 4, k, true, true);
            check(130, 3, k, false, false);
        }
    }

    /**
     * The row loops run to a whole vector past the last column or row over zeroed tails: a product whose
     * operands left NaN in this thread's buffers must not leak into the next, narrower one.
     */
    @Test
    void vectorTailsDoNotCarryAnEarlierProductsValues() {
        for (int[] s : new int[][] {{6, 48, 20, 37}, {300, 9, 40, 289}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] nan = new float[Math.max(m, s[3]) * k + k * n];
            Arrays.fill(nan, Float.NaN);
            float[] sink = new float[Math.max(m, s[3]) * n];
            gemm.multiply(Math.max(m, s[3]), n, k, nan, 0, k, nan, 0, n, sink, 0, n, Epilogue.NONE, 0, 0);
            gemm.multiply(m, Math.min(n, s[3]), k, nan, 0, k, nan, 0, n, sink, 0, n, Epilogue.NONE, 0, 0);
        }
        check(6, 37, 20, false, false);
        check(289, 9, 40, false, true);
        check(289, 9, 40, true, false);
    }

    @Test
    void rowsSourceAndRowTilesMatchTheDefinition() {
        Random r = new Random(5);
        int m = 24;
        int n = 70;
        int k = 150;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] packed = gemm.packA(a, 0, k, m, k);
        MatrixRows rows = (p, j0, len, dst, dstOff) -> System.arraycopy(b, p * n + j0, dst, dstOff, len);
        float[] c = new float[m * n];
        Epilogue e = new Epilogue(null, null, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
        for (int i0 = 0; i0 < m; i0 += 8) {
            gemm.multiplyRows(packed, 8, n, k, a, i0 * k, k, rows, 0, c, i0 * n, n, e, i0, 0);
        }
        float[] want = reference(m, n, k, a, 0, k, b, 0, n, null, null, e);
        for (int i = 0; i < m * n; i++) {
            assertEquals(want[i], c[i], 1e-4 * (1 + Math.abs(want[i])), "element " + i);
        }
    }

    @Test
    void paddedRowsShareTheirLineOffsetAndAvoidFourKibibyteStrides() {
        for (int width : new int[] {1, 16, 169, 256, 512, 1000, 1024, 2048, 4096}) {
            int w = PortableSgemm.paddedLength(width);
            assertTrue(w >= PortableSgemm.vectorLength(width), width + " padded to " + w);
            assertEquals(0, PortableSgemm.rowBytes(w) % 64, width + " padded to " + w);
            for (int t = 1; t <= 4; t++) {
                long rem = t * PortableSgemm.rowBytes(w) % 4096;
                assertTrue(Math.min(rem, 4096 - rem) >= 256, width + " padded to " + w);
            }
        }
    }

    /** C (strided, with untouched gaps) = clamp(A * B + biases), with row and column biases from offsets. */
    private void check(int m, int n, int k, boolean pack, boolean biases) {
        Random r = new Random(m * 31L + n * 7L + k);
        int lda = k + 3;
        int ldb = n + 5;
        int ldc = n + 2;
        float[] a = random(r, 2 + m * lda);
        float[] b = random(r, 1 + k * ldb);
        float[] rowBias = biases ? random(r, m + 4) : null;
        float[] colBias = biases ? random(r, n + 6) : null;
        Epilogue e = new Epilogue(rowBias, colBias, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY).clamped(-2f, 3f);
        float[] c = new float[4 + m * ldc];
        Arrays.fill(c, 42f);
        float[] packed = pack ? gemm.packA(a, 2, lda, m, k) : null;
        gemm.multiplyPacked(packed, m, n, k, a, 2, lda, b, 1, ldb, c, 4, ldc, e, 0, 0);
        float[] want = reference(m, n, k, a, 2, lda, b, 1, ldb, rowBias, colBias, e);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                float got = c[4 + i * ldc + j];
                if (j < n) {
                    float w = want[i * n + j];
                    assertEquals(w, got, 1e-4 * (1 + Math.abs(w)), m + "x" + n + "x" + k + " at " + i + "," + j);
                } else if (4 + i * ldc + j < c.length) {
                    assertEquals(42f, got, "gap column " + j + " of row " + i + " written");
                }
            }
        }
    }

    private static float[] reference(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] rowBias, float[] colBias, Epilogue e) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = (rowBias == null ? 0 : rowBias[i]) + (colBias == null ? 0 : colBias[j]);
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                c[i * n + j] = (float) Math.min(Math.max(s, e.lo()), e.hi());
            }
        }
        return c;
    }

    private static float[] random(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }
}
