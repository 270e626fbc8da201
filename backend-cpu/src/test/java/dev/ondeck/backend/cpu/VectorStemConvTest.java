package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.portable.IntraOpPool;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The direct stem convolution ({@link VectorStemConv}) agrees with cpu-ref on odd sizes (ragged column and channel
 * blocks, odd input extents, batch 2; 3x3 pads 0 and 1, 5x5, 7x7 pads 3), with and without bias, with its fused activations (Clip, SiLU), at 1 and 2
 * threads; other convolutions do not take it.
 */
class VectorStemConvTest {
    @TestFactory
    List<DynamicTest> agreesWithTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            String t = ", " + threads + " thread(s)";
            tests.add(DynamicTest.dynamicTest("3 -> 32 on 224x224 + SiLU" + t, () -> FusedConvCheck.agree(stem(1, 3, 32, 224, 224, true, "SiLU"), threads, true)));
            tests.add(DynamicTest.dynamicTest("3 -> 13 on 37x21 + Clip" + t, () -> FusedConvCheck.agree(stem(1, 3, 13, 37, 21, true, "Clip"), threads, true)));
            tests.add(DynamicTest.dynamicTest("1 -> 9 on 8x70, no bias" + t, () -> FusedConvCheck.agree(stem(1, 1, 9, 8, 70, false, null), threads, false)));
            tests.add(DynamicTest.dynamicTest("batch 2, 4 -> 17 on 15x16 + Relu" + t, () -> FusedConvCheck.agree(stem(2, 4, 17, 15, 16, true, "Relu"), threads, true)));
            tests.add(DynamicTest.dynamicTest("7x7 pads 3, 3 -> 64 on 224x224 + Relu" + t, () -> FusedConvCheck.agree(stem(1, 3, 64, 224, 224, true, "Relu", 7, 3, 3), threads, true)));
            tests.add(DynamicTest.dynamicTest("7x7 pads 3, 3 -> 11 on 29x40" + t, () -> FusedConvCheck.agree(stem(1, 3, 11, 29, 40, true, null, 7, 3, 3), threads, false)));
            tests.add(DynamicTest.dynamicTest("3x3 pads 0, 3 -> 64 on 224x224 + Relu" + t, () -> FusedConvCheck.agree(stem(1, 3, 64, 224, 224, true, "Relu", 3, 0, 0), threads, true)));
            tests.add(DynamicTest.dynamicTest("3x3 pads 0, batch 2, 2 -> 10 on 9x101" + t, () -> FusedConvCheck.agree(stem(2, 2, 10, 9, 101, false, null, 3, 0, 0), threads, false)));
            tests.add(DynamicTest.dynamicTest("5x5 pads 2 before, 1 after, 4 -> 16 on 33x50 + Clip" + t, () -> FusedConvCheck.agree(stem(1, 4, 16, 33, 50, true, "Clip", 5, 2, 1), threads, true)));
            tests.add(DynamicTest.dynamicTest("SiLU not matched: Mul by another Sigmoid's input" + t,
                    () -> FusedConvCheck.agree(stem(1, 3, 8, 20, 20, true, "Tanh"), threads, false)));
        }
        return tests;
    }

    @Test
    void takesOnlyStemConvolutions() {
        assertNotNull(kernel(3, 3, 2, 1));
        assertNull(kernel(8, 3, 2, 1), "more than four input channels");
        assertNotNull(kernel(3, 3, 2, 0));
        assertNotNull(kernel(3, 7, 2, 3));
        assertNotNull(kernel(3, 5, 2, 2));
        assertNull(kernel(8, 3, 2, 1), "more than four input channels");
        assertNull(kernel(3, 9, 2, 4), "9x9 window");
        assertNull(kernel(3, 3, 1, 1), "stride 1");
        assertNull(kernel(3, 3, 2, 3), "padding as wide as the window");
    }

    private static Object kernel(int c, int k, int stride, int pad) {
        Model m = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, c, 32, 32)
                .initializer("w", Tensor.of(FusedConvCheck.random(4 * c * k * k, 1), 4, c, k, k))
                .node("Conv", n -> n.inputs("x", "w").outputs("y").ints("strides", stride, stride).ints("pads", pad, pad, pad, pad))
                .output("y").build();
        TensorType[] in = {TensorType.of(DType.FLOAT, 1, c, 32, 32), TensorType.of(DType.FLOAT, 4, c, k, k)};
        Tensor[] constants = {null, m.graph().initializers().get("w")};
        return VectorStemConv.of((ConvOps.Conv) m.graph().nodes().get(0).op(), in, constants, IntraOpPool.of(1));
    }

    /** Conv 3x3 stride 2 pads 1, then {@code act} (see below). */
    private static Model stem(int batch, int c, int m, int h, int w, boolean bias, String act) {
        return stem(batch, c, m, h, w, bias, act, 3, 1, 1);
    }

    /** Conv k x k stride 2, pads {@code before} and {@code after} on both axes, then {@code act}: SiLU (x * Sigmoid(x)), Clip(0, 6), Relu, Tanh (a gate the conv does not absorb). */
    private static Model stem(int batch, int c, int m, int h, int w, boolean bias, String act, int k, int before, int after) {
        ModelBuilder mb = ModelBuilder.create().opset(13).input("x", DType.FLOAT, batch, c, h, w)
                .initializer("w", Tensor.of(FusedConvCheck.random(m * c * k * k, m), m, c, k, k));
        if (bias) {
            mb.initializer("b", Tensor.of(FusedConvCheck.random(m, c), m));
        }
        mb.node("Conv", n -> n.name("conv").inputs(bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"}).outputs("c")
                .ints("strides", 2, 2).ints("pads", before, before, after, after).ints("kernel_shape", k, k));
        if (act == null) {
            return mb.output("c").build();
        }
        if (act.equals("SiLU") || act.equals("Tanh")) {
            mb.node(act.equals("SiLU") ? "Sigmoid" : "Tanh", n -> n.name("gate").inputs("c").outputs("g"));
            return mb.node("Mul", n -> n.name("hot").inputs("c", "g").outputs("y")).output("y").build();
        }
        if (act.equals("Clip")) {
            mb.initializer("lo", Tensor.of(new float[] {0f}, new int[0])).initializer("hi", Tensor.of(new float[] {6f}, new int[0]));
            return mb.node("Clip", n -> n.name("hot").inputs("c", "lo", "hi").outputs("y")).output("y").build();
        }
        return mb.node(act, n -> n.name("hot").inputs("c").outputs("y")).output("y").build();
    }
}
