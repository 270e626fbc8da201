package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.backend.portable.Epilogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link VectorSgemm}'s last, ragged column panels: of at most L columns ({@link VectorSgemm#microHalf}) and of more
 * (the full micro-kernel), over one and several depth blocks, with and without packed A, B in place and packed:
 * close to a double-precision product with a row bias and a clamp; and products of a single row against packed B.
 */
class VectorSgemmTailTest {
    private static final VectorSgemm GEMM = new VectorSgemm();

    @TestFactory
    List<DynamicTest> raggedLastPanelsMatchADoubleProduct() {
        int l = VectorSgemm.L;
        int nr = VectorSgemm.NR;
        int[] tails = {1, Math.max(1, l / 2), l, l + 1, nr - 1};
        int[][] mk = {{7, 5}, {13, 40}, {20, 2 * VectorSgemm.KC + 9}};
        List<DynamicTest> tests = new ArrayList<>();
        for (int tail : tails) {
            for (int[] s : mk) {
                for (int q : new int[] {0, 2}) {
                    int n = q * nr + tail;
                    tests.add(DynamicTest.dynamicTest(s[0] + "x" + n + "x" + s[1], () -> check(s[0], s[1], n)));
                }
            }
        }
        return tests;
    }

    private static void check(int m, int k, int n) {
        float[] a = FusedConvCheck.random(m * k, 1);
        float[] b = FusedConvCheck.random(k * n, 2);
        float[] rb = FusedConvCheck.random(m, 3);
        Epilogue e = new Epilogue(rb, null, -0.5f, Float.POSITIVE_INFINITY);
        float[] packed = GEMM.packA(a, 0, k, m, k);
        float[] unpacked = new float[m * n];
        GEMM.multiply(m, n, k, a, 0, k, b, 0, n, unpacked, 0, n, e, 0, 0);
        assertClose(a, b, rb, m, k, n, unpacked, "unpacked A");
        float[] withPackedA = new float[m * n];
        GEMM.multiplyPacked(packed, m, n, k, a, 0, k, b, 0, n, withPackedA, 0, n, e, 0, 0);
        assertClose(a, b, rb, m, k, n, withPackedA, "packed A");
        float[] packedB = new float[(int) GEMM.packedBSize(k, n)];
        GEMM.packB(k, n, b, 0, n, null, 0, 0, k, packedB);
        float[] withPackedB = new float[m * n];
        GEMM.multiplyPackedB(packed, m, n, k, a, 0, k, packedB, 0, n, withPackedB, 0, n, e, 0);
        assertClose(a, b, rb, m, k, n, withPackedB, "packed B");
    }

    /**
     * A single row of A against packed B (a classifier's Gemm: {@link VectorSgemm}'s one-row path), in two column
     * tiles as a split between threads calls it, with a column bias, over one and several depth blocks.
     */
    @TestFactory
    List<DynamicTest> oneRowAgainstPackedBMatchesADoubleProduct() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : new int[] {1, VectorSgemm.L + 1, 3 * VectorSgemm.NR, 1000}) {
            for (int k : new int[] {5, VectorSgemm.KC + 44, 1280}) {
                tests.add(DynamicTest.dynamicTest("1x" + n + "x" + k, () -> checkOneRow(n, k)));
            }
        }
        return tests;
    }

    private static void checkOneRow(int n, int k) {
        float[] a = FusedConvCheck.random(k, 1);
        float[] b = FusedConvCheck.random(k * n, 2);
        float[] cb = FusedConvCheck.random(n, 3);
        float[] packedB = new float[(int) GEMM.packedBSize(k, n)];
        GEMM.packB(k, n, b, 0, n, null, 0, 0, k, packedB);
        float[] got = new float[n];
        Epilogue e = new Epilogue(null, cb, -0.5f, Float.POSITIVE_INFINITY);
        int split = Math.min(n, VectorSgemm.NR);
        GEMM.multiplyPackedB(null, 1, n, k, a, 0, k, packedB, 0, split, got, 0, n, e, 0);
        GEMM.multiplyPackedB(null, 1, n, k, a, 0, k, packedB, split, n - split, got, 0, n, e, 0);
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += (double) a[p] * b[p * n + j];
            }
            double want = Math.max(s + cb[j], -0.5);
            assertEquals(want, got[j], 1e-5 * Math.max(1, Math.abs(want)) * Math.sqrt(k), "(0, " + j + ")");
        }
    }

    private static void assertClose(float[] a, float[] b, float[] rb, int m, int k, int n, float[] got, String how) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = rb[i];
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                double want = Math.max(s, -0.5);
                assertEquals(want, got[i * n + j], 1e-5 * Math.max(1, Math.abs(want)) * Math.sqrt(k), how + " (" + i + ", " + j + ")");
            }
        }
    }
}
