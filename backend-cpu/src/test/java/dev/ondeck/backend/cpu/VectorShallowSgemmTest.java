package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
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
 * The shallow products of 1x1 convolutions ({@link VectorShallowSgemm}): bit for bit {@link VectorSgemm}'s results
 * on ragged shapes with every epilogue (products of more than one column), close to a double-precision product for
 * single columns, and whole 1x1 convolutions with their fused activations agree with cpu-ref at 1 and 2 threads.
 */
class VectorShallowSgemmTest {
    private static final VectorSgemm BASE = new VectorSgemm();
    private static final int[][] SHAPES = {
        {3, 1, 2}, {7, 5, 33}, {13, 16, 100}, {96, 16, 257}, {25, 256, 65}, {40, 200, 1}, {5, 7, 1}, {200, 24, 40},
        {16, 32, 600}, {20, 24, VectorShallowSgemm.IN_PLACE_COLS + 17},
    };

    @Test
    void takesOnlyShallowProductsOfThreeRowsOrMore() {
        assertTrue(BASE.forProduct(96, 12544, 16) instanceof VectorShallowSgemm);
        assertTrue(BASE.forProduct(48, 1, 1152) instanceof VectorSgemm, "deeper than one block");
        assertTrue(BASE.forProduct(2, 100, 16) instanceof VectorSgemm, "fewer than three rows");
    }

    @TestFactory
    List<DynamicTest> equalsTheGeneralKernelBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int[] s : SHAPES) {
            for (String e : epilogues(1, 1).keySet()) {
                tests.add(DynamicTest.dynamicTest(s[0] + "x" + s[2] + "x" + s[1] + " " + e, () -> check(s[0], s[1], s[2], e)));
            }
        }
        return tests;
    }

    private static Map<String, Epilogue> epilogues(int m, int n) {
        float[] rb = FusedConvCheck.random(m, 3);
        float[] cb = FusedConvCheck.random(n, 4);
        Epilogue biased = new Epilogue(rb, null, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
        return Map.of("none", Epilogue.NONE, "row bias", biased, "both biases", biased.withBias(rb, cb),
                "relu6", biased.clamped(0, 6), "silu", biased.activated(Epilogue.Activation.SILU),
                "clip + hardswish", biased.clamped(-1, 2).activated(Epilogue.Activation.HARD_SWISH));
    }

    /** Rows 6 .. 6 + m of a packed A of m + 6 rows, into C with a wider stride and an offset. */
    private static void check(int m, int k, int n, String name) {
        Epilogue e = epilogues(m + 6, n).get(name);
        float[] a = FusedConvCheck.random((m + 6) * k, 1);
        float[] b = FusedConvCheck.random(k * n, 2);
        float[] packed = BASE.packA(a, 0, k, m + 6, k);
        int ldc = n + 3;
        float[] want = new float[5 + m * ldc];
        float[] got = new float[5 + m * ldc];
        Sgemm shallow = BASE.forProduct(m, n, k);
        shallow.multiplyPacked(packed, m, n, k, a, 6 * k, k, b, 0, n, got, 5, ldc, e, 6, 0);
        if (n == 1) {
            assertCloseToDouble(a, b, e, m, k, got, ldc);
            return;
        }
        BASE.multiplyPacked(packed, m, n, k, a, 6 * k, k, b, 0, n, want, 5, ldc, e, 6, 0);
        assertArrayEquals(want, got, "multiplyPacked");
        float[] packedB = new float[(int) BASE.packedBSize(k, n)];
        BASE.packB(k, n, b, 0, n, null, 0, 0, k, packedB);
        float[] gotB = new float[got.length];
        int cols = Math.min(n, 2 * VectorSgemm.NR);
        shallow.multiplyPackedB(packed, m, n, k, a, 6 * k, k, packedB, 0, cols, gotB, 5, ldc, e, 6);
        shallow.multiplyPackedB(packed, m, n, k, a, 6 * k, k, packedB, cols, n - cols, gotB, 5, ldc, e, 6);
        assertArrayEquals(want, gotB, "multiplyPackedB in two column parts");
    }

    private static void assertCloseToDouble(float[] a, float[] b, Epilogue e, int m, int k, float[] got, int ldc) {
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += (double) a[(6 + i) * k + p] * b[p];
            }
            s += e.rowBias() == null ? 0 : e.rowBias()[6 + i];
            s += e.colBias() == null ? 0 : e.colBias()[0];
            float want = Epilogue.activate(e.activation(), (float) Math.min(Math.max(s, e.lo()), e.hi()));
            assertEquals(want, got[5 + i * ldc], 1e-5 * Math.max(1, Math.abs(want)), "row " + i);
        }
    }

    @TestFactory
    List<DynamicTest> pointwiseConvolutionsAgreeWithTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            tests.add(DynamicTest.dynamicTest("expand 16 -> 36 on 23x19 + SiLU, " + threads + " thread(s)",
                    () -> FusedConvCheck.agree(gated(16, 36, 23, 19, "Sigmoid"), threads, true)));
            tests.add(DynamicTest.dynamicTest("project 40 -> 13 on 9x7, " + threads + " thread(s)",
                    () -> FusedConvCheck.agree(plain(40, 13, 9, 7, null), threads, false)));
            tests.add(DynamicTest.dynamicTest("expand 7 -> 50 on 30x30 + Clip(0, 6), " + threads + " thread(s)",
                    () -> FusedConvCheck.agree(plain(7, 50, 30, 30, "Clip"), threads, true)));
            tests.add(DynamicTest.dynamicTest("squeeze 96 -> 5 on 1x1 + SiLU, " + threads + " thread(s)",
                    () -> FusedConvCheck.agree(gated(96, 5, 1, 1, "Sigmoid"), threads, true)));
            tests.add(DynamicTest.dynamicTest("excite 5 -> 97 on 1x1 + Relu, " + threads + " thread(s)",
                    () -> FusedConvCheck.agree(plain(5, 97, 1, 1, "Relu"), threads, true)));
            tests.add(DynamicTest.dynamicTest("SiLU not matched (Mul by another tensor), " + threads + " thread(s)",
                    () -> FusedConvCheck.agree(gated(12, 30, 11, 11, "Relu"), threads, false)));
        }
        return tests;
    }

    private static ModelBuilder conv(int cin, int cout, int h, int w) {
        return ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, cin, h, w)
                .initializer("w", Tensor.of(FusedConvCheck.random(cout * cin, cout), cout, cin, 1, 1))
                .initializer("b", Tensor.of(FusedConvCheck.random(cout, cin), cout))
                .node("Conv", n -> n.name("conv").inputs("x", "w", "b").outputs("c"));
    }

    /** Conv then {@code act} (Relu, or Clip to [0, 6]), or nothing. */
    private static Model plain(int cin, int cout, int h, int w, String act) {
        ModelBuilder mb = conv(cin, cout, h, w);
        if (act == null) {
            return mb.output("c").build();
        }
        if (act.equals("Clip")) {
            mb.initializer("lo", Tensor.of(new float[] {0f}, new int[0])).initializer("hi", Tensor.of(new float[] {6f}, new int[0]));
            return mb.node("Clip", n -> n.name("hot").inputs("c", "lo", "hi").outputs("y")).output("y").build();
        }
        return mb.node(act, n -> n.name("hot").inputs("c").outputs("y")).output("y").build();
    }

    /** Conv then {@code c * gate(c)}: SiLU for a Sigmoid gate. */
    private static Model gated(int cin, int cout, int h, int w, String gate) {
        return conv(cin, cout, h, w).node(gate, n -> n.name("gate").inputs("c").outputs("g"))
                .node("Mul", n -> n.name("hot").inputs("g", "c").outputs("y")).output("y").build();
    }
}
