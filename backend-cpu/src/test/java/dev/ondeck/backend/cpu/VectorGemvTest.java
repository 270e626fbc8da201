package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.portable.Epilogue;
import dev.ondeck.engine.backend.portable.Sgemm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Single-row products on a packed B ({@link VectorGemv}): close to a double-precision product on ragged shapes with
 * every epilogue, column parts equal to the whole bit for bit, and a classifier Gemm (transB, bias) agrees with
 * cpu-ref at 1 and 2 threads.
 */
class VectorGemvTest {
    private static final VectorSgemm BASE = new VectorSgemm();
    private static final int[][] SHAPES = {{1280, 1000}, {64, 64}, {65, 97}, {257, 200}, {100, 1024}};

    @Test
    void takesOnlySingleRows() {
        assertTrue(BASE.forProduct(1, 1000, 1280) instanceof VectorGemv);
        assertTrue(BASE.forProduct(2, 1000, 1280) instanceof VectorSgemm, "two rows");
        assertTrue(BASE.forProduct(1, 10, 1280) instanceof VectorSgemm, "too narrow");
    }

    @TestFactory
    List<DynamicTest> matchesDoublePrecision() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int[] s : SHAPES) {
            for (String e : epilogues(s[1]).keySet()) {
                tests.add(DynamicTest.dynamicTest(s[0] + "x" + s[1] + " " + e, () -> check(s[0], s[1], e)));
            }
        }
        return tests;
    }

    private static Map<String, Epilogue> epilogues(int n) {
        float[] rb = FusedConvCheck.random(3, 3);
        float[] cb = FusedConvCheck.random(n, 4);
        Epilogue col = new Epilogue(null, cb, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
        return Map.of("none", Epilogue.NONE, "column bias", col, "both biases", col.withBias(rb, cb), "relu6",
                col.clamped(0, 6), "silu", col.activated(Epilogue.Activation.SILU));
    }

    /** y (at an offset) = a . B for row 2 of the epilogue's row bias, whole and in two column parts. */
    private static void check(int k, int n, String name) {
        Epilogue e = epilogues(n).get(name);
        float[] a = FusedConvCheck.random(k + 3, 1);
        float[] b = FusedConvCheck.random(k * n, 2);
        Sgemm g = BASE.forProduct(1, n, k);
        float[] packed = new float[(int) g.packedBSize(k, n)];
        g.packB(k, n, b, 0, n, null, 0, 0, k / 2, packed);
        g.packB(k, n, b, 0, n, null, 0, k / 2, k, packed);
        float[] got = new float[n + 7];
        g.multiplyPackedB(null, 1, n, k, a, 3, k, packed, 0, n, got, 5, n, e, 2);
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += (double) a[3 + p] * b[p * n + j];
            }
            s += e.rowBias() == null ? 0 : e.rowBias()[2];
            s += e.colBias() == null ? 0 : e.colBias()[j];
            float want = Epilogue.activate(e.activation(), (float) Math.min(Math.max(s, e.lo()), e.hi()));
            assertEquals(want, got[5 + j], 1e-4 * Math.max(1, Math.abs(want)) * Math.sqrt(k / 64.0), "column " + j);
        }
        assertEquals(0f, got[4]);
        assertEquals(0f, got[5 + n]);
        float[] parts = new float[n + 7];
        int cols = g.colAlignment();
        g.multiplyPackedB(null, 1, n, k, a, 3, k, packed, 0, cols, parts, 5, n, e, 2);
        g.multiplyPackedB(null, 1, n, k, a, 3, k, packed, cols, n - cols, parts, 5, n, e, 2);
        assertArrayEquals(got, parts, "two column parts");
    }

    @TestFactory
    List<DynamicTest> classifierAgreesWithTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            tests.add(DynamicTest.dynamicTest("1280 -> 1000, " + threads + " thread(s)", () -> agree(1280, 1000, threads)));
            tests.add(DynamicTest.dynamicTest("200 -> 77, " + threads + " thread(s)", () -> agree(200, 77, threads)));
        }
        return tests;
    }

    private static void agree(int k, int n, int threads) {
        Model m = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, k)
                .initializer("w", Tensor.of(FusedConvCheck.random(n * k, 5), n, k))
                .initializer("b", Tensor.of(FusedConvCheck.random(n, 6), n))
                .node("Gemm", nb -> nb.name("fc").inputs("x", "w", "b").outputs("y").attr("transB", 1L))
                .output("y").build();
        Map<String, Tensor> in = Map.of("x", Tensor.of(FusedConvCheck.random(k, 7), 1, k));
        try (Session ref = m.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = m.newSession(SessionOptions.builder().backend("cpu").threads(threads).build())) {
            assertEquals("cpu", fast.plan().backendOf(0), "the Gemm ran on cpu");
            float[] want = run(ref, in);
            for (int i = 0; i < 2; i++) {
                float[] got = run(fast, in);
                for (int j = 0; j < n; j++) {
                    assertEquals(want[j], got[j], 1e-4 * Math.max(1, Math.abs(want[j])), "column " + j);
                }
            }
        }
    }

    private static float[] run(Session s, Map<String, Tensor> in) {
        try (Result r = s.run(in)) {
            return r.get(0).floats().clone();
        }
    }
}
