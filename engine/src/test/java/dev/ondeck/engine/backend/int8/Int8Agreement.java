package dev.ondeck.engine.backend.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;

/**
 * One QDQ node per case (x -> QuantizeLinear -> DequantizeLinear -> op -> QuantizeLinear -> DequantizeLinear),
 * on random shapes and quantisation parameters (uint8 and int8 activations, per-tensor and per-channel weights):
 * the op runs as an int8 kernel of the backend (the plan says so) and its output matches {@code cpu-ref}
 * running the same graph within one output quantisation step. Shared by {@code cpu-int8} with the engine's
 * scalar loops and, in the {@code cpu} module, with the Vector API loops.
 */
public final class Int8Agreement {
    private Int8Agreement() {
    }

    /** A test per case, run on {@code backend}. */
    public static List<DynamicTest> tests(String backend) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(conv(backend, "conv 3x3 pad 1, uint8, per-channel, bias", 1, 5, 9, 11, 7, 1, 3, 1, 1, 1, true, true));
        tests.add(conv(backend, "conv 3x3 stride 2, int8, per-tensor, batch 2", 2, 6, 13, 10, 9, 1, 3, 2, 1, 1, false, false));
        tests.add(conv(backend, "conv 1x1, 20x21 positions, uint8", 1, 16, 20, 21, 24, 1, 1, 1, 0, 1, true, true));
        tests.add(conv(backend, "grouped conv 3x3 dilation 2", 1, 8, 12, 12, 6, 2, 3, 1, 2, 2, true, true));
        tests.add(conv(backend, "depthwise 3x3 pad 1", 1, 12, 17, 19, 12, 12, 3, 1, 1, 1, true, true));
        tests.add(conv(backend, "depthwise 3x3 stride 2, multiplier 2, int8", 2, 8, 13, 15, 16, 8, 3, 2, 1, 1, false, true));
        tests.add(conv(backend, "depthwise 5x5 stride 2 pad 2, uint8", 1, 4, 21, 23, 4, 4, 5, 2, 2, 1, true, false));
        tests.add(conv(backend, "depthwise 3x3 pad 1, rows of 70", 1, 3, 6, 70, 3, 3, 3, 1, 1, 1, true, true));
        tests.add(conv(backend, "depthwise 3x3 stride 2, rows of 70, int8", 1, 3, 9, 140, 3, 3, 3, 2, 1, 1, false, true));
        tests.add(matMul(backend, "MatMul [3,37,45] x [45,29], uint8, per-column", false));
        tests.add(matMul(backend, "Gemm transB, alpha, beta, int8", true));
        tests.add(oneInput(backend, "MaxPool 3x3 stride 2 pad 1", new int[] {1, 6, 11, 13}, "MaxPool",
                n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)));
        tests.add(oneInput(backend, "AveragePool 3x3 pad 1, pads excluded", new int[] {2, 5, 9, 8}, "AveragePool",
                n -> n.ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1)));
        tests.add(oneInput(backend, "AveragePool 2x2 stride 2, pads counted", new int[] {1, 5, 9, 8}, "AveragePool",
                n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2).ints("pads", 0, 0, 1, 1).attr("count_include_pad", 1L)));
        tests.add(oneInput(backend, "GlobalAveragePool", new int[] {2, 7, 6, 5}, "GlobalAveragePool", n -> { }));
        tests.add(oneInput(backend, "GlobalMaxPool", new int[] {1, 7, 6, 5}, "GlobalMaxPool", n -> { }));
        tests.add(twoInputs(backend, "Add, three different scales", "Add", n -> { }, false));
        tests.add(twoInputs(backend, "Concat, equal scales (copied)", "Concat", n -> n.attr("axis", 1L), true));
        tests.add(twoInputs(backend, "Concat, different scales (requantised)", "Concat", n -> n.attr("axis", -1L), false));
        return tests;
    }

    /** A QDQ graph under construction with its random source and expected parameters. */
    private static final class Graph {
        final ModelBuilder b = ModelBuilder.create().opset(13);
        final Random random;
        final Map<String, Tensor> inputs = new HashMap<>();
        float outScale;
        /** When set, every QuantizeLinear/DequantizeLinear pair uses this zero point (else a random one). */
        Integer fixedZeroPoint;

        Graph(long seed) {
            random = new Random(seed);
        }

        /** Adds float input {@code name} and its QuantizeLinear/DequantizeLinear pair; returns the dequantised value. */
        String quantisedInput(String name, boolean unsigned, float scale, int... shape) {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = (float) random.nextGaussian() * 40 * scale;
            }
            inputs.put(name, Tensor.of(v, shape));
            b.input(name, DType.FLOAT, (Object[]) box(shape));
            qdq(name, name + "_dq", unsigned, scale);
            return name + "_dq";
        }

        void qdq(String x, String out, boolean unsigned, float scale) {
            int zp = fixedZeroPoint != null ? fixedZeroPoint : unsigned ? 100 + random.nextInt(56) : random.nextInt(21) - 10;
            b.initializer(x + "_s", Tensor.scalar(scale));
            b.initializer(x + "_zp", Tensor.wrap(unsigned ? DType.UINT8 : DType.INT8, new byte[] {(byte) zp}));
            b.node("QuantizeLinear", n -> n.inputs(x, x + "_s", x + "_zp").outputs(x + "_q"));
            b.node("DequantizeLinear", n -> n.inputs(x + "_q", x + "_s", x + "_zp").outputs(out));
        }

        /** Constant int8 weights of this shape behind a DequantizeLinear, per-channel along {@code axis} or per tensor. */
        String weights(String name, int[] shape, int axis, boolean perChannel) {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            byte[] q = new byte[size];
            for (int i = 0; i < size; i++) {
                q[i] = (byte) (random.nextInt(255) - 127);
            }
            float[] s = new float[perChannel ? shape[axis] : 1];
            for (int i = 0; i < s.length; i++) {
                s[i] = 0.002f + 0.01f * random.nextFloat();
            }
            b.initializer(name + "_q", Tensor.wrap(DType.INT8, q, shape));
            b.initializer(name + "_s", perChannel ? Tensor.of(s, s.length) : Tensor.scalar(s[0]));
            b.node("DequantizeLinear", n -> n.inputs(name + "_q", name + "_s").outputs(name).attr("axis", (long) axis));
            return name;
        }

        /** Quantises the op's output {@code y} (at {@link #outScale} when set, else a random scale) and makes its dequantised form the graph output. */
        void output(String y, boolean unsigned) {
            outScale = outScale > 0 ? outScale : 0.05f + 0.2f * random.nextFloat();
            qdq(y, "out", unsigned, outScale);
            b.output("out");
        }
    }

    private static Integer[] box(int[] shape) {
        Integer[] o = new Integer[shape.length];
        for (int i = 0; i < shape.length; i++) {
            o[i] = shape[i];
        }
        return o;
    }

    private static DynamicTest conv(String backend, String name, int batch, int c, int h, int w, int m, int group, int k,
            int stride, int pad, int dilation, boolean unsigned, boolean perChannel) {
        return DynamicTest.dynamicTest(name, () -> {
            Graph g = new Graph(name.hashCode());
            String x = g.quantisedInput("x", unsigned, 0.02f, batch, c, h, w);
            String wt = g.weights("w", new int[] {m, c / group, k, k}, 0, perChannel);
            float[] bias = new float[m];
            for (int i = 0; i < m; i++) {
                bias[i] = (float) g.random.nextGaussian();
            }
            g.b.initializer("bias", Tensor.of(bias, m));
            g.b.node("Conv", n -> n.inputs(x, wt, "bias").outputs("y").ints("kernel_shape", k, k).ints("strides", stride, stride)
                    .ints("pads", pad, pad, pad, pad).ints("dilations", dilation, dilation).attr("group", (long) group));
            g.output("y", unsigned);
            check(backend, g, "Conv");
        });
    }

    private static DynamicTest matMul(String backend, String name, boolean gemm) {
        return DynamicTest.dynamicTest(name, () -> {
            Graph g = new Graph(name.hashCode());
            if (gemm) {
                String a = g.quantisedInput("a", false, 0.03f, 13, 70);
                String wt = g.weights("w", new int[] {41, 70}, 0, true);
                float[] bias = new float[41];
                for (int i = 0; i < bias.length; i++) {
                    bias[i] = (float) g.random.nextGaussian();
                }
                g.b.initializer("bias", Tensor.of(bias, 41));
                g.b.node("Gemm", n -> n.inputs(a, wt, "bias").outputs("y").attr("transB", 1L).attr("alpha", 0.5f).attr("beta", 2f));
                g.output("y", false);
                check(backend, g, "Gemm");
            } else {
                String a = g.quantisedInput("a", true, 0.03f, 3, 37, 45);
                String wt = g.weights("w", new int[] {45, 29}, 1, true);
                g.b.node("MatMul", n -> n.inputs(a, wt).outputs("y"));
                g.output("y", true);
                check(backend, g, "MatMul");
            }
        });
    }

    private static DynamicTest oneInput(String backend, String name, int[] shape, String op, Consumer<ModelBuilder.NodeBuilder> attrs) {
        return DynamicTest.dynamicTest(name, () -> {
            Graph g = new Graph(name.hashCode());
            String x = g.quantisedInput("x", true, 0.05f, shape);
            g.b.node(op, n -> attrs.accept(n.inputs(x).outputs("y")));
            g.output("y", true);
            check(backend, g, op);
        });
    }

    private static DynamicTest twoInputs(String backend, String name, String op, Consumer<ModelBuilder.NodeBuilder> attrs,
            boolean sameGrid) {
        return DynamicTest.dynamicTest(name, () -> {
            Graph g = new Graph(name.hashCode());
            g.fixedZeroPoint = sameGrid ? 128 : null;
            String a = g.quantisedInput("a", true, 0.05f, 2, 3, 5, 4);
            String b = g.quantisedInput("b", sameGrid, sameGrid ? 0.05f : 0.11f, 2, 3, 5, 4);
            g.b.node(op, n -> attrs.accept(n.inputs(a, b).outputs("y")));
            g.outScale = sameGrid ? 0.05f : 0f;
            g.output("y", true);
            check(backend, g, op);
        });
    }

    private static void check(String backend, Graph g, String op) {
        try (Model model = g.b.build(); Session ref = model.newSession("cpu-ref"); Session int8 = model.newSession(backend)) {
            ExecutionPlan plan = int8.plan();
            boolean found = false;
            int boundaries = 0;
            StringBuilder labels = new StringBuilder();
            for (int n = 0; n < plan.nodeCount(); n++) {
                String type = plan.node(n).opType();
                if (type.equals(op)) {
                    assertEquals(backend, plan.backendOf(n), op + " runs as an int8 kernel");
                    found = true;
                }
                labels.append(type).append('=').append(plan.backendOf(n)).append(' ');
                boundaries += (type.equals("QuantizeLinear") || type.equals("DequantizeLinear")) && plan.backendOf(n).equals(backend) ? 1 : 0;
            }
            assertTrue(found, op + " is in the plan");
            assertTrue(boundaries >= 3, "the activations' QuantizeLinear/DequantizeLinear run on int8 kernels: " + labels);
            float[] expected = ref.run(g.inputs).get("out").floats();
            float[] actual = int8.run(g.inputs).get("out").floats();
            assertEquals(expected.length, actual.length);
            int equal = 0;
            int nonZero = 0;
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Math.abs(expected[i] - actual[i]) <= g.outScale * 1.001f,
                        "element " + i + ": " + actual[i] + " vs cpu-ref " + expected[i] + " (step " + g.outScale + ")");
                equal += expected[i] == actual[i] ? 1 : 0;
                nonZero += expected[i] != 0 ? 1 : 0;
            }
            assertTrue(nonZero > expected.length / 4, "the case exercises non-zero outputs: " + nonZero + " of " + expected.length);
            assertTrue(equal >= expected.length * 0.95, "at most 5% differ by one step: " + equal + " of " + expected.length + " equal");
        }
    }
}
