package dev.ondeck.engine.backend.portable;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks a fast backend's kernels against {@code cpu-ref}, the specification: small models of one hot op in
 * the shapes and attribute combinations the kernels special-case (depthwise, 1x1, strides, pads, dilations,
 * groups, ragged tiles, runtime weights), run at 1 and 3 threads. Each case also asserts that the node ran
 * on the backend under test, so a silent fallback cannot pass.
 */
public final class KernelAgreement {
    private KernelAgreement() {
    }

    /** A one-op model: its builder and the inputs fed at run time (name, shape). */
    private static final class Case {
        final String name;
        final ModelBuilder model;
        final Map<String, int[]> inputs = new HashMap<>();
        boolean fused;
        int fusedInto = -1;

        Case(String name) {
            this.name = name;
            this.model = ModelBuilder.create().opset(13);
        }

        Case input(String n, int... shape) {
            inputs.put(n, shape);
            model.input(n, DType.FLOAT, box(shape));
            return this;
        }

        Case constant(String n, Tensor value) {
            model.initializer(n, value);
            return this;
        }

        Case weight(String n, int... shape) {
            model.initializer(n, random(shape, n.hashCode()));
            return this;
        }

        /** The node under test is absorbed by its producer's kernel. */
        Case fused() {
            fused = true;
            return this;
        }

        /** The node under test is absorbed by the kernel of node {@code node} (the first is 0). */
        Case fusedInto(int node) {
            fused = true;
            fusedInto = node;
            return this;
        }

        /** A node before the one under test (e.g. to make inputs positive). */
        Case pre(String op, String in, String out) {
            model.node(op, n -> n.inputs(in).outputs(out));
            return this;
        }

        /** A node before the one under test, with all its inputs and attributes. */
        Case pre(String op, Consumer<ModelBuilder.NodeBuilder> spec) {
            model.node(op, spec);
            return this;
        }

        Case node(String op, Consumer<ModelBuilder.NodeBuilder> spec) {
            model.node(op, n -> {
                n.name("hot").outputs("y");
                spec.accept(n);
            });
            model.output("y");
            return this;
        }
    }

    static Object[] box(int[] shape) {
        Object[] o = new Object[shape.length];
        for (int i = 0; i < shape.length; i++) {
            o[i] = shape[i];
        }
        return o;
    }

    static Tensor random(int[] shape, long seed) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, shape);
    }

    private static Case conv(String name, int[] x, int[] w, boolean bias, Consumer<ModelBuilder.NodeBuilder> attrs) {
        Case c = new Case(name).input("x", x).weight("w", w);
        if (bias) {
            c.weight("b", w[0]);
        }
        return c.node("Conv", n -> {
            n.inputs(bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"});
            attrs.accept(n);
        });
    }

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        cs.add(conv("conv3x3 pad1", new int[] {1, 8, 10, 10}, new int[] {16, 8, 3, 3}, true, n -> n.ints("pads", 1, 1, 1, 1)));
        cs.add(conv("conv3x3 stride2 odd", new int[] {1, 3, 15, 15}, new int[] {20, 3, 3, 3}, false,
                n -> n.ints("pads", 1, 1, 1, 1).ints("strides", 2, 2)));
        // 48 x 40 input rows: enough for the column-phase split to run as two tasks over the pool
        cs.add(conv("conv3x3 stride2 split in parallel", new int[] {1, 48, 40, 40}, new int[] {16, 48, 3, 3}, true,
                n -> n.ints("pads", 1, 1, 1, 1).ints("strides", 2, 2)));
        cs.add(conv("conv1x1 pointwise", new int[] {1, 32, 7, 7}, new int[] {24, 32, 1, 1}, true, n -> { }));
        cs.add(conv("conv1x1 stride2", new int[] {1, 16, 9, 9}, new int[] {8, 16, 1, 1}, true, n -> n.ints("strides", 2, 2)));
        // strided 1x1: the patch matrix gathered whole; 64 x 28 x 28 output rows of 28 run the gather as two tasks
        cs.add(conv("conv1x1 stride2 gathered in parallel", new int[] {1, 64, 56, 56}, new int[] {40, 64, 1, 1}, true,
                n -> n.ints("strides", 2, 2)));
        cs.add(conv("conv1x1 stride 2x3 pads after, batch 2, grouped", new int[] {2, 6, 20, 17}, new int[] {10, 3, 1, 1}, true,
                n -> n.ints("strides", 2, 3).ints("pads", 0, 0, 1, 2).attr("group", 2L)));
        cs.add(conv("depthwise3x3", new int[] {1, 16, 12, 12}, new int[] {16, 1, 3, 3}, true,
                n -> n.ints("pads", 1, 1, 1, 1).attr("group", 16L)));
        cs.add(conv("depthwise5x5 stride2", new int[] {2, 12, 13, 11}, new int[] {12, 1, 5, 5}, false,
                n -> n.ints("pads", 2, 2, 2, 2).ints("strides", 2, 2).attr("group", 12L)));
        cs.add(conv("grouped", new int[] {1, 8, 9, 9}, new int[] {6, 4, 3, 3}, true, n -> n.attr("group", 2L)));
        cs.add(conv("dilated asym pads", new int[] {1, 5, 14, 12}, new int[] {7, 5, 5, 3}, true,
                n -> n.ints("pads", 1, 0, 2, 1).ints("dilations", 2, 1)));
        cs.add(conv("grouped batch2 stride3 dilated", new int[] {2, 6, 11, 13}, new int[] {4, 3, 3, 3}, true,
                n -> n.ints("pads", 2, 1, 0, 2).ints("strides", 2, 3).ints("dilations", 1, 2).attr("group", 2L)));
        cs.add(conv("ragged batch2", new int[] {2, 19, 11, 13}, new int[] {70, 19, 3, 3}, true, n -> n.ints("pads", 1, 1, 1, 1)));
        cs.add(conv("same_upper", new int[] {1, 4, 10, 7}, new int[] {5, 4, 4, 4}, false,
                n -> n.attr("auto_pad", "SAME_UPPER").ints("strides", 2, 2)));
        cs.add(conv("wide 3x3, column tiles", new int[] {1, 16, 40, 40}, new int[] {24, 16, 3, 3}, true,
                n -> n.ints("pads", 1, 1, 1, 1)));
        cs.add(conv("narrow deep 3x3, shared packed B", new int[] {1, 64, 7, 7}, new int[] {96, 64, 3, 3}, true,
                n -> n.ints("pads", 1, 1, 1, 1)));
        cs.add(conv("deep pointwise", new int[] {1, 600, 5, 5}, new int[] {40, 600, 1, 1}, true, n -> { }));
        cs.add(new Case("conv runtime weights").input("x", 1, 6, 8, 8).input("w", 9, 6, 3, 3)
                .node("Conv", n -> n.inputs("x", "w")));
        cs.add(new Case("gemm bias row").input("a", 5, 37).weight("b", 37, 50).weight("c", 50)
                .node("Gemm", n -> n.inputs("a", "b", "c")));
        cs.add(new Case("gemm transB alpha beta").input("a", 70, 37).weight("b", 50, 37).weight("c", 70, 50)
                .node("Gemm", n -> n.inputs("a", "b", "c").attr("transB", 1L).attr("alpha", 0.5f).attr("beta", 2f)));
        cs.add(new Case("gemm c column").input("a", 8, 16).weight("b", 16, 40).weight("c", 8, 1)
                .node("Gemm", n -> n.inputs("a", "b", "c")));
        cs.add(new Case("gemm one row (classifier)").input("a", 1, 130).weight("b", 70, 130).weight("c", 70)
                .node("Gemm", n -> n.inputs("a", "b", "c").attr("transB", 1L)));
        cs.add(new Case("gemm runtime b").input("a", 3, 20).input("b", 33, 20)
                .node("Gemm", n -> n.inputs("a", "b").attr("transB", 1L)));
        cs.add(new Case("matmul by 2-D").input("a", 2, 3, 17, 9).weight("b", 9, 33).node("MatMul", n -> n.inputs("a", "b")));
        cs.add(new Case("matmul batched").input("a", 4, 10, 16).input("b", 4, 16, 12).node("MatMul", n -> n.inputs("a", "b")));
        cs.add(new Case("maxpool 3x3 s2 p1").input("x", 1, 6, 15, 15)
                .node("MaxPool", n -> n.inputs("x").ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)));
        cs.add(new Case("maxpool dilated ceil").input("x", 1, 3, 12, 11).node("MaxPool", n -> n.inputs("x")
                .ints("kernel_shape", 3, 2).ints("strides", 2, 3).ints("dilations", 2, 2).ints("pads", 1, 0, 0, 1).attr("ceil_mode", 1L)));
        cs.add(new Case("avgpool ceil").input("x", 2, 3, 9, 9)
                .node("AveragePool", n -> n.inputs("x").ints("kernel_shape", 2, 2).ints("strides", 2, 2).attr("ceil_mode", 1L)));
        cs.add(new Case("avgpool include pad").input("x", 1, 4, 8, 8).node("AveragePool",
                n -> n.inputs("x").ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1).attr("count_include_pad", 1L)));
        cs.add(new Case("global average").input("x", 2, 5, 7, 7).node("GlobalAveragePool", n -> n.inputs("x")));
        cs.add(new Case("relu").input("x", 3, 1000).node("Relu", n -> n.inputs("x")));
        cs.add(new Case("sigmoid").input("x", 2, 20001).pre("Exp", "x", "e").node("Sigmoid", n -> n.inputs("e")));
        cs.add(new Case("sigmoid signed").input("x", 7, 33).node("Sigmoid", n -> n.inputs("x")));
        cs.add(new Case("tanh").input("x", 5, 37).node("Tanh", n -> n.inputs("x")));
        cs.add(new Case("exp").input("x", 5, 37).node("Exp", n -> n.inputs("x")));
        cs.add(new Case("sqrt").input("x", 5, 37).pre("Abs", "x", "a").node("Sqrt", n -> n.inputs("a")));
        cs.add(new Case("add same shape").input("a", 3, 40000).input("b", 3, 40000).node("Add", n -> n.inputs("a", "b")));
        cs.add(new Case("mul per channel").input("a", 1, 8, 5, 5).input("b", 1, 8, 1, 1).node("Mul", n -> n.inputs("a", "b")));
        cs.add(new Case("mul per channel first").input("a", 8, 1, 1).input("b", 1, 8, 5, 5).node("Mul", n -> n.inputs("a", "b")));
        cs.add(new Case("add trailing bias").input("a", 2, 3, 16).weight("b", 16).node("Add", n -> n.inputs("a", "b")));
        cs.add(new Case("sub scalar first").input("a", 1).input("b", 2, 7).node("Sub", n -> n.inputs("a", "b")));
        cs.add(new Case("div leading").input("a", 3, 10).input("b", 3, 1).node("Div", n -> n.inputs("a", "b")));
        cs.add(new Case("div trailing first").input("a", 1, 10).input("b", 3, 10).node("Div", n -> n.inputs("a", "b")));
        cs.add(new Case("div middle broadcast").input("a", 4, 1, 6).input("b", 4, 5, 6).node("Div", n -> n.inputs("a", "b")));
        cs.add(new Case("conv + relu").input("x", 1, 8, 10, 10).weight("w", 16, 8, 3, 3).fused()
                .pre("Conv", n -> n.inputs("x", "w").outputs("c").ints("pads", 1, 1, 1, 1)).node("Relu", n -> n.inputs("c")));
        cs.add(new Case("depthwise + clip").input("x", 1, 8, 10, 10).weight("w", 8, 1, 3, 3).weight("lo", new int[0])
                .weight("hi", new int[0]).fused()
                .pre("Conv", n -> n.inputs("x", "w").outputs("c").attr("group", 8L)).node("Clip", n -> n.inputs("c", "lo", "hi")));
        cs.add(new Case("add + relu, split").input("a", 2, 64, 33, 33).input("b", 2, 64, 33, 33).fused()
                .pre("Add", n -> n.inputs("a", "b").outputs("s")).node("Relu", n -> n.inputs("s")));
        cs.add(new Case("add + relu").input("a", 3, 50).input("b", 3, 50).fused()
                .pre("Add", n -> n.inputs("a", "b").outputs("s")).node("Relu", n -> n.inputs("s")));
        cs.add(new Case("x * sigmoid (SiLU)").input("x", 3, 70).fused().pre("Sigmoid", "x", "s")
                .node("Mul", n -> n.inputs("x", "s")));
        cs.add(new Case("sigmoid * x (SiLU)").input("x", 2, 20001).fused().pre("Sigmoid", "x", "s")
                .node("Mul", n -> n.inputs("s", "x")));
        cs.add(new Case("maxpool 3x3 s2 p1 wide").input("x", 1, 4, 40, 37)
                .node("MaxPool", n -> n.inputs("x").ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)));
        cs.add(new Case("maxpool 3x3 s2 ceil, windows inside").input("x", 2, 4, 23, 37).node("MaxPool", n -> n.inputs("x")
                .ints("kernel_shape", 3, 3).ints("strides", 2, 2).attr("ceil_mode", 1L)));
        cs.add(new Case("maxpool 2x3 s2x1 odd").input("x", 1, 3, 9, 40)
                .node("MaxPool", n -> n.inputs("x").ints("kernel_shape", 2, 3).ints("strides", 2, 1)));
        cs.add(new Case("maxpool 3x3 s2 p1, split").input("x", 1, 64, 56, 56)
                .node("MaxPool", n -> n.inputs("x").ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)));
        cs.add(new Case("global average wide").input("x", 1, 3, 35, 33).node("GlobalAveragePool", n -> n.inputs("x")));
        cs.add(new Case("global average, planes summed in lanes").input("x", 2, 3, 50, 47).node("GlobalAveragePool", n -> n.inputs("x")));
        cs.add(new Case("pow 2").input("x", 4, 33).constant("e", Tensor.of(new float[] {2f})).node("Pow", n -> n.inputs("x", "e")));
        cs.add(new Case("softmax last axis").input("x", 2, 4, 37).node("Softmax", n -> n.inputs("x")));
        cs.add(new Case("softmax middle axis").input("x", 2, 4, 37).node("Softmax", n -> n.inputs("x").attr("axis", 1L)));
        cs.add(new Case("global max").input("x", 1, 5, 3, 4).node("GlobalMaxPool", n -> n.inputs("x")));
        cs.addAll(depthwiseCases());
        cs.addAll(transformerCases());
        return cs;
    }

    /**
     * The kernels of a transformer encoder: transposes of attention heads (row copies and tiled 2-D transposes),
     * MatMul with a constant B packed at prepare time (split in row tiles) absorbing its bias Add and a Relu,
     * LayerNormalization, Softmax over long rows, per-head products of two run-time operands (whole register
     * tiles, ragged rows and columns, and with a bias that sends them to the packed path), a tall product by a
     * run-time 2-D B.
     */
    private static List<Case> transformerCases() {
        List<Case> cs = new ArrayList<>();
        int[][] perms = {{1, 0, 2}, {1, 2, 0}, {2, 0, 1}};
        for (int[] p : perms) {
            cs.add(new Case("transpose heads " + java.util.Arrays.toString(p)).input("x", 6, 4, 40)
                    .node("Transpose", n -> n.inputs("x").ints("perm", p[0], p[1], p[2])));
        }
        cs.add(new Case("transpose heads, then / sqrt(d)").input("x", 6, 4, 40).constant("s", Tensor.of(new float[] {6.3f}))
                .fusedInto(0).pre("Transpose", n -> n.inputs("x").ints("perm", 1, 0, 2).outputs("t"))
                .node("Div", n -> n.inputs("t", "s")));
        cs.add(new Case("tiled transpose, then * scale").input("x", 6, 4, 40).constant("s", Tensor.scalar(0.125f))
                .fusedInto(0).pre("Transpose", n -> n.inputs("x").ints("perm", 1, 2, 0).outputs("t"))
                .node("Mul", n -> n.inputs("t", "s")));
        cs.add(new Case("transpose 4-D with size-1 axes").input("x", 1, 6, 1, 35)
                .node("Transpose", n -> n.inputs("x").ints("perm", 3, 2, 0, 1)));
        cs.add(new Case("transpose 4-D").input("x", 2, 3, 19, 17).node("Transpose", n -> n.inputs("x").ints("perm", 3, 1, 0, 2)));
        cs.add(new Case("matmul constant B, row tiles").input("a", 2, 64, 64).weight("b", 64, 96).node("MatMul", n -> n.inputs("a", "b")));
        cs.add(new Case("matmul + bias + relu").input("a", 2, 30, 16).weight("b", 16, 24).weight("c", 24).fusedInto(0)
                .pre("MatMul", n -> n.inputs("a", "b").outputs("m")).pre("Add", n -> n.inputs("c", "m").outputs("s"))
                .node("Relu", n -> n.inputs("s")));
        cs.add(new Case("batched matmul + bias [1,1,N]").input("a", 3, 4, 8).input("b", 3, 8, 10).weight("c", 1, 1, 10).fusedInto(0)
                .pre("MatMul", n -> n.inputs("a", "b").outputs("m")).node("Add", n -> n.inputs("m", "c")));
        cs.add(new Case("matmul + runtime bias, not absorbed").input("a", 5, 16).weight("b", 16, 24).input("c", 24)
                .pre("MatMul", n -> n.inputs("a", "b").outputs("m")).node("Add", n -> n.inputs("m", "c")));
        for (long axis : new long[] {-1, 1}) {
            Case ln = new Case("layer normalization axis " + axis).input("x", 3, 7, 40)
                    .weight("g", axis < 0 ? new int[] {40} : new int[] {7, 40}).weight("b", axis < 0 ? new int[] {40} : new int[] {7, 40})
                    .node("LayerNormalization", n -> n.inputs("x", "g", "b").attr("axis", axis).attr("epsilon", 1e-3f));
            ln.model.opset(17);
            cs.add(ln);
        }
        cs.add(new Case("softmax long rows").input("x", 3, 300).node("Softmax", n -> n.inputs("x")));
        cs.add(new Case("softmax attention rows").input("x", 2, 16, 128).node("Softmax", n -> n.inputs("x")));
        cs.add(new Case("attention scores, ragged tiles").input("a", 4, 20, 48).input("b", 4, 48, 70)
                .node("MatMul", n -> n.inputs("a", "b")));
        cs.add(new Case("attention weights by V").input("a", 2, 128, 128).input("b", 2, 128, 64)
                .node("MatMul", n -> n.inputs("a", "b")));
        cs.add(new Case("tall product by a run-time 2-D B").input("a", 2, 100, 32).input("b", 32, 64)
                .node("MatMul", n -> n.inputs("a", "b")));
        cs.add(new Case("batched matmul + bias, 6+ rows").input("a", 2, 13, 40).input("b", 2, 40, 33).weight("c", 33).fusedInto(0)
                .pre("MatMul", n -> n.inputs("a", "b").outputs("m")).node("Add", n -> n.inputs("m", "c")));
        return cs;
    }

    /**
     * Depthwise convolutions on random shapes (seeded): 3x3 and 5x5 windows, strides 1 and 2, asymmetric pads,
     * odd sizes from 1 to 40 (below and above a vector's width), biased or not; and the activations their kernel
     * absorbs (Clip, HardSwish, SiLU as x * Sigmoid(x) in either order), also after a pointwise convolution.
     */
    private static List<Case> depthwiseCases() {
        List<Case> cs = new ArrayList<>();
        Random r = new Random(5);
        for (int i = 0; i < 12; i++) {
            int k = i % 3 == 2 ? 5 : 3;
            int stride = i % 2 + 1;
            int c = 1 + r.nextInt(9);
            int h = 1 + r.nextInt(i < 6 ? 16 : 40);
            int w = 1 + r.nextInt(i < 6 ? 16 : 40);
            long[] pads = {r.nextInt(k / 2 + 1), r.nextInt(k / 2 + 1), r.nextInt(k / 2 + 1), r.nextInt(k / 2 + 1)};
            h = Math.max(h, k - (int) (pads[0] + pads[2]));
            w = Math.max(w, k - (int) (pads[1] + pads[3]));
            String name = "depthwise random " + k + "x" + k + " s" + stride + " " + c + "x" + h + "x" + w + " pads "
                    + java.util.Arrays.toString(pads);
            cs.add(conv(name, new int[] {1 + i % 2, c, h, w}, new int[] {c, 1, k, k}, i % 4 != 3,
                    n -> n.ints("pads", pads).ints("strides", stride, stride).attr("group", (long) c)));
        }
        cs.add(gated("depthwise s2 + SiLU", new int[] {1, 6, 33, 35}, new int[] {6, 1, 3, 3}, 2, "Sigmoid", true));
        cs.add(gated("depthwise 5x5 + SiLU, sigmoid first", new int[] {1, 5, 9, 9}, new int[] {5, 1, 5, 5}, 1, "Sigmoid", false));
        cs.add(gated("pointwise + SiLU", new int[] {1, 16, 7, 9}, new int[] {24, 16, 1, 1}, 1, "Sigmoid", true));
        cs.add(gated("conv3x3 + SiLU", new int[] {1, 3, 17, 17}, new int[] {8, 3, 3, 3}, 2, "Sigmoid", false));
        Case hs = new Case("depthwise + HardSwish").input("x", 1, 7, 20, 20).weight("w", 7, 1, 3, 3).weight("b", 7).fusedInto(0)
                .pre("Conv", n -> n.inputs("x", "w", "b").outputs("c").attr("group", 7L).ints("pads", 1, 1, 1, 1))
                .node("HardSwish", n -> n.inputs("c"));
        hs.model.opset(14);
        cs.add(hs);
        Case phs = new Case("pointwise + HardSwish").input("x", 1, 8, 6, 6).weight("w", 12, 8, 1, 1).fusedInto(0)
                .pre("Conv", n -> n.inputs("x", "w").outputs("c")).node("HardSwish", n -> n.inputs("c"));
        phs.model.opset(14);
        cs.add(phs);
        return cs;
    }

    /** Conv (pads 1 for 3x3, 2 for 5x5; group = channels for a depthwise weight) then c * gate(c), fused. */
    private static Case gated(String name, int[] x, int[] w, int stride, String gate, boolean convFirst) {
        int p = w[2] / 2;
        long group = w[1] == 1 ? x[1] : 1;
        return new Case(name).input("x", x).weight("w", w).weight("b", w[0]).fusedInto(0)
                .pre("Conv", n -> n.inputs("x", "w", "b").outputs("c").attr("group", group).ints("pads", p, p, p, p)
                        .ints("strides", stride, stride))
                .pre(gate, "c", "g")
                .node("Mul", n -> n.inputs(convFirst ? new String[] {"c", "g"} : new String[] {"g", "c"}));
    }

    /** One test per case and thread count: {@code backend} agrees with cpu-ref and ran the node itself. */
    public static List<DynamicTest> tests(String backend) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (int threads : new int[] {1, 3}) {
                tests.add(DynamicTest.dynamicTest(c.name + ", " + threads + " thread(s)", () -> check(c, backend, threads)));
            }
        }
        return tests;
    }

    private static void check(Case c, String backend, int threads) {
        Model m = c.model.build();
        Map<String, Tensor> in = new HashMap<>();
        long seed = 1;
        for (Map.Entry<String, int[]> e : c.inputs.entrySet()) {
            in.put(e.getKey(), random(e.getValue(), seed++));
        }
        try (Session ref = m.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = m.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
            int hot = fast.plan().nodeCount() - 1;
            String ranOn = fast.plan().backendOf(hot);
            assertTrue(ranOn.equals(backend) || ranOn.startsWith(backend + ":"), "the node fell back to " + ranOn);
            assertEquals(c.fused, fast.plan().fusedInto(hot) >= 0, "fused into its producer");
            if (c.fusedInto >= 0) {
                assertEquals(c.fusedInto, fast.plan().fusedInto(hot), "fused into node " + c.fusedInto);
            }
            Tensor want = run(ref, in);
            for (int run = 0; run < 2; run++) {
                Tensor got = run(fast, in);
                assertClose(want, got, c.name);
            }
        }
    }

    private static Tensor run(Session s, Map<String, Tensor> in) {
        try (Result r = s.run(in)) {
            return r.get(0).copy();
        }
    }

    /** Whole-tensor agreement: max |got - want| <= 1e-5 * max |want| + 1e-5 (summation order differs). */
    static void assertClose(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shapeView(), got.shapeView(), what + ": shape");
        float[] w = want.floats();
        float[] g = got.floats();
        double scale = 0;
        double err = 0;
        for (int i = 0; i < w.length; i++) {
            scale = Math.max(scale, Math.abs(w[i]));
            err = Math.max(err, Math.abs(w[i] - g[i]));
            assertTrue(!Float.isNaN(g[i]), what + ": NaN at " + i);
        }
        assertTrue(err <= 1e-5 * scale + 1e-5, what + ": max abs error " + err + " at scale " + scale);
    }
}
