package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.backend.int8.Int8Kernels;
import dev.ondeck.engine.backend.int8.Requantisation;
import dev.ondeck.engine.backend.int8.ScalarInt8Kernels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API int8 loops give bit-identical results to the scalar specification on random shapes (edges of
 * the 6-row and 2-vector blocks, int8 and uint8 zero points, per-tensor and per-channel scales, saturation,
 * NaN), and are the ones {@code cpu-int8} loads here.
 */
class VectorInt8KernelsTest {
    private final Int8Kernels scalar = new ScalarInt8Kernels();
    private final Int8Kernels vector = new VectorInt8Kernels();
    private final Random random = new Random(9);

    @Test
    void isTheImplementationCpuInt8Loads() {
        assertEquals(VectorInt8Kernels.class, Int8Kernels.loaded().getClass());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] pack(byte[] b, int k, int n, int width) {
        byte[] panels = new byte[(n + width - 1) / width * width * k];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                panels[j / width * k * width + p * width + j % width] = b[p * n + j];
            }
        }
        return panels;
    }

    @Test
    void gemmMatchesScalarOnRandomShapes() {
        for (int trial = 0; trial < 60; trial++) {
            int m = 1 + random.nextInt(20);
            int n = 1 + random.nextInt(3 * VectorInt8Kernels.NR + 3);
            int k = 1 + random.nextInt(70);
            int lda = k + random.nextInt(3);
            byte[] a = bytes(m * lda + 5);
            byte[] b = bytes(k * n);
            int ldc = n + random.nextInt(4);
            int[] expected = new int[3 + m * ldc];
            int[] found = expected.clone();
            scalar.gemm(m, n, k, a, 2, lda, pack(b, k, n, scalar.panelWidth()), expected, 3, ldc);
            vector.gemm(m, n, k, a, 2, lda, pack(b, k, n, vector.panelWidth()), found, 3, ldc);
            assertArrayEquals(expected, found, "m=" + m + " n=" + n + " k=" + k);
        }
    }

    @Test
    void shiftedRowSumMatchesScalar() {
        for (int trial = 0; trial < 40; trial++) {
            int rows = 1 + random.nextInt(9);
            int cols = 1 + random.nextInt(3 * VectorInt8Kernels.L + 2);
            int taps = 1 + random.nextInt(9);
            int[] tapOffset = new int[taps];
            for (int t = 0; t < taps; t++) {
                tapOffset[t] = random.nextInt(40);
            }
            int rowStep = 40 + cols + random.nextInt(5);
            byte[] x = bytes(rows * rowStep + 40 + cols);
            byte[] w = bytes(taps + 3);
            int[] expected = new int[rows * cols + 1];
            int[] found = expected.clone();
            scalar.shiftedRowSum(x, 0, rowStep, tapOffset, w, 3, taps, rows, cols, expected, 1);
            vector.shiftedRowSum(x, 0, rowStep, tapOffset, w, 3, taps, rows, cols, found, 1);
            assertArrayEquals(expected, found, "rows=" + rows + " cols=" + cols + " taps=" + taps);
        }
    }

    @Test
    void quantiseMatchesScalarIncludingTiesSaturationAndNaN() {
        for (int trial = 0; trial < 30; trial++) {
            int len = 1 + random.nextInt(100);
            float scale = 0.01f + random.nextFloat();
            float[] x = new float[len];
            for (int i = 0; i < len; i++) {
                int kind = random.nextInt(10);
                x[i] = kind == 0 ? (random.nextInt(600) - 300 + 0.5f) * scale : kind == 1 ? Float.NaN
                        : kind == 2 ? 1e30f * (random.nextBoolean() ? 1 : -1) : (float) random.nextGaussian() * 200 * scale;
            }
            int zp = random.nextBoolean() ? random.nextInt(256) - 128 : -128 + random.nextInt(256);
            byte[] expected = new byte[len + 2];
            byte[] found = new byte[len + 2];
            scalar.quantise(x, 0, len, scale, zp, expected, 2);
            vector.quantise(x, 0, len, scale, zp, found, 2);
            assertArrayEquals(expected, found, "zp=" + zp);
        }
    }

    @Test
    void dequantiseMatchesScalar() {
        for (int trial = 0; trial < 20; trial++) {
            int len = 1 + random.nextInt(100);
            byte[] q = bytes(len + 1);
            boolean unsigned = random.nextBoolean();
            int zp = unsigned ? random.nextInt(256) : random.nextInt(256) - 128;
            float scale = 0.001f + random.nextFloat();
            float[] expected = new float[len];
            float[] found = new float[len];
            scalar.dequantise(q, 1, len, unsigned, zp, scale, expected, 0);
            vector.dequantise(q, 1, len, unsigned, zp, scale, found, 0);
            assertArrayEquals(expected, found);
        }
    }

    @Test
    void requantiseMatchesScalarPerTensorAndPerChannel() {
        int saturated = 0;
        for (int trial = 0; trial < 60; trial++) {
            int len = 1 + random.nextInt(80);
            int channels = len + 7;
            int[] corr = new int[channels];
            float[] mult = new float[channels];
            float[] bias = new float[channels];
            boolean perTensorScale = random.nextBoolean();
            float m0 = 1e-4f * (1 + random.nextFloat());
            for (int c = 0; c < channels; c++) {
                corr[c] = random.nextInt(20000) - 10000;
                mult[c] = perTensorScale ? m0 : 1e-4f * (1 + random.nextFloat());
                bias[c] = random.nextBoolean() ? 0f : (float) random.nextGaussian();
            }
            boolean unsigned = random.nextBoolean();
            int zp = unsigned ? random.nextInt(256) : random.nextInt(256) - 128;
            int lo = unsigned ? 0 : -128;
            boolean requantised = trial % 5 != 0;
            Requantisation r = new Requantisation(corr, mult, bias, random.nextBoolean() ? 1f : 0.7f, requantised,
                    0.005f + random.nextFloat() * 0.05f, lo - zp, lo + 255 - zp);
            int[] acc = new int[len + 3];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = random.nextInt(400000) - 200000;
            }
            boolean perLane = random.nextBoolean();
            int channel = random.nextInt(5);
            float[] expected = new float[len + 1];
            float[] found = new float[len + 1];
            scalar.requantise(acc, 3, len, r, channel, perLane, expected, 1);
            vector.requantise(acc, 3, len, r, channel, perLane, found, 1);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(found[i]),
                        "element " + i + ": " + expected[i] + " vs " + found[i]);
                saturated += requantised && (expected[i] == r.outScale * r.outHigh || expected[i] == r.outScale * r.outLow) ? 1 : 0;
            }
        }
        assertTrue(saturated > 0, "some outputs saturate");
    }

    @Test
    void staysIdenticalOnceTheJitCompilesTheLoops() {
        int len = 1000;
        float[] x = new float[len];
        int[] acc = new int[len];
        for (int i = 0; i < len; i++) {
            x[i] = i % 7 == 0 ? Float.NaN : i % 5 == 0 ? (i - 500.5f) * 0.25f : (float) random.nextGaussian() * 60;
            acc[i] = random.nextInt(2000000) - 1000000;
        }
        int[] corr = new int[len];
        float[] mult = new float[len];
        float[] bias = new float[len];
        for (int i = 0; i < len; i++) {
            corr[i] = random.nextInt(1000);
            mult[i] = 1e-5f * (1 + random.nextFloat());
        }
        Requantisation r = new Requantisation(corr, mult, bias, 1f, true, 0.1f, -120, 135);
        byte[] a = bytes(12 * 50);
        byte[] b = pack(bytes(50 * 70), 50, 70, vector.panelWidth());
        int[] cs = new int[12 * 70];
        int[] cv = new int[12 * 70];
        byte[] qs = new byte[len];
        byte[] qv = new byte[len];
        float[] ys = new float[len];
        float[] yv = new float[len];
        for (int rep = 0; rep < 800; rep++) {
            vector.quantise(x, 0, len, 0.25f, -7, qv, 0);
            vector.requantise(acc, 0, len, r, 0, true, yv, 0);
            vector.gemm(12, 70, 50, a, 0, 50, b, cv, 0, 70);
        }
        scalar.quantise(x, 0, len, 0.25f, -7, qs, 0);
        scalar.requantise(acc, 0, len, r, 0, true, ys, 0);
        scalar.gemm(12, 70, 50, a, 0, 50, pack(unpackedB(b), 50, 70, scalar.panelWidth()), cs, 0, 70);
        assertArrayEquals(qs, qv);
        assertArrayEquals(ys, yv);
        assertArrayEquals(cs, cv);
    }

    /** The [K, N] = [50, 70] matrix back from the vector panels. */
    private static byte[] unpackedB(byte[] panels) {
        int w = VectorInt8Kernels.NR;
        byte[] b = new byte[50 * 70];
        for (int p = 0; p < 50; p++) {
            for (int j = 0; j < 70; j++) {
                b[p * 70 + j] = panels[j / w * 50 * w + p * w + j % w];
            }
        }
        return b;
    }
}
