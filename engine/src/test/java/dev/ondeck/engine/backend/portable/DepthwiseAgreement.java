package dev.ondeck.engine.backend.portable;

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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks a fast backend's depthwise convolution against {@code cpu-ref} on the shapes its fast paths special-case:
 * 3x3 and 5x5 windows; stride 1 with the output the input's size (symmetric and asymmetric pads) and stride 2 with
 * it half the input's (even sizes), beside odd sizes, no pads and dilation 2 that take other paths; planes from
 * 1x1 through 7x7, 14x14 (narrower than a vector) to 56x56, and 32 to 96 channels on planes up to 14x14 (channels-last
 * in {@code cpu-portable}); batches of 2; with and without bias; each plain and
 * with an absorbed Relu, Clip (Relu6), HardSwish or SiLU ({@code x * Sigmoid(x)}); at 1 and 2 threads. Each case
 * runs twice on one session (the second run reuses the per-thread buffers) and asserts the node ran on the
 * backend under test.
 */
public final class DepthwiseAgreement {
    private DepthwiseAgreement() {
    }

    /** One depthwise Conv: x (N, C, H, W), window k, stride, pads (top, left, bottom, right), dilation, activation. */
    private static final class Shape {
        final int[] x;
        final int k;
        final int stride;
        final int[] pads;
        final int dilation;
        final boolean bias;
        final String activation;

        Shape(int[] x, int k, int stride, int[] pads, int dilation, boolean bias, String activation) {
            this.x = x;
            this.k = k;
            this.stride = stride;
            this.pads = pads;
            this.dilation = dilation;
            this.bias = bias;
            this.activation = activation;
        }

        String name() {
            return "x " + java.util.Arrays.toString(x) + " " + k + "x" + k + " s" + stride + " pads "
                    + java.util.Arrays.toString(pads) + (dilation > 1 ? " dilation " + dilation : "")
                    + (bias ? "" : " no bias") + (activation == null ? "" : " + " + activation);
        }
    }

    private static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        String[] acts = {null, "Relu", "Clip", "HardSwish", "SiLU"};
        int[][] planes = {{1, 1}, {2, 2}, {7, 7}, {14, 14}, {5, 9}, {13, 17}, {8, 34}, {56, 56}, {12, 76}, {6, 64}};
        int i = 0;
        for (int[] p : planes) {
            for (int k : new int[] {3, 5}) {
                int c = p[0] * p[1] > 1000 ? 3 : 5 + i % 4;
                int half = k / 2;
                String act = acts[i++ % acts.length];
                s.add(new Shape(new int[] {1, c, p[0], p[1]}, k, 1, new int[] {half, half, half, half}, 1, i % 3 != 0, act));
                if (p[0] % 2 == 0 && p[1] % 2 == 0) {
                    s.add(new Shape(new int[] {2, c, p[0], p[1]}, k, 2, new int[] {half, half, half, half}, 1, true,
                            acts[i % acts.length]));
                }
            }
        }
        s.add(new Shape(new int[] {1, 4, 10, 12}, 3, 1, new int[] {0, 0, 2, 2}, 1, true, "Clip"));
        s.add(new Shape(new int[] {1, 4, 10, 12}, 3, 1, new int[] {2, 1, 0, 1}, 1, true, null));
        s.add(new Shape(new int[] {1, 4, 12, 10}, 3, 2, new int[] {0, 0, 1, 1}, 1, true, "SiLU"));
        s.add(new Shape(new int[] {1, 4, 12, 10}, 3, 2, new int[] {1, 1, 0, 0}, 1, false, "Relu"));
        s.add(new Shape(new int[] {1, 6, 15, 15}, 3, 2, new int[] {1, 1, 1, 1}, 1, true, "Clip"));
        s.add(new Shape(new int[] {1, 6, 15, 15}, 3, 1, new int[] {0, 0, 0, 0}, 1, true, null));
        s.add(new Shape(new int[] {1, 6, 16, 16}, 3, 1, new int[] {2, 2, 2, 2}, 2, true, null));
        // Many channels on small planes: the portable backend's channels-last path (DepthwiseChannelsLast).
        s.add(new Shape(new int[] {1, 48, 7, 7}, 3, 1, new int[] {1, 1, 1, 1}, 1, true, null));
        s.add(new Shape(new int[] {1, 40, 7, 7}, 5, 1, new int[] {2, 2, 2, 2}, 1, true, "SiLU"));
        s.add(new Shape(new int[] {2, 40, 14, 14}, 3, 2, new int[] {1, 1, 1, 1}, 1, true, "Clip"));
        s.add(new Shape(new int[] {1, 36, 14, 14}, 3, 2, new int[] {0, 0, 1, 1}, 1, false, "Relu"));
        s.add(new Shape(new int[] {1, 96, 14, 14}, 5, 1, new int[] {2, 2, 2, 2}, 1, false, "HardSwish"));
        s.add(new Shape(new int[] {1, 33, 14, 14}, 5, 2, new int[] {2, 2, 2, 2}, 1, true, null));
        return s;
    }

    /** One test per shape and thread count. */
    public static List<DynamicTest> tests(String backend) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape s : shapes()) {
            for (int threads : new int[] {1, 2}) {
                tests.add(DynamicTest.dynamicTest(s.name() + ", " + threads + " thread(s)", () -> check(s, backend, threads)));
            }
        }
        return tests;
    }

    private static void check(Shape s, String backend, int threads) {
        int c = s.x[1];
        ModelBuilder b = ModelBuilder.create().opset(14).input("x", DType.FLOAT, KernelAgreement.box(s.x))
                .initializer("w", KernelAgreement.random(new int[] {c, 1, s.k, s.k}, s.name().hashCode()));
        if (s.bias) {
            b.initializer("b", KernelAgreement.random(new int[] {c}, 11));
        }
        String conv = s.activation == null ? "y" : "c";
        b.node("Conv", n -> n.name("conv").inputs(s.bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"})
                .outputs(conv).attr("group", (long) c).ints("kernel_shape", s.k, s.k).ints("strides", s.stride, s.stride)
                .ints("dilations", s.dilation, s.dilation).ints("pads", s.pads[0], s.pads[1], s.pads[2], s.pads[3]));
        if ("Clip".equals(s.activation)) {
            b.initializer("lo", Tensor.of(new float[] {0f}, new int[0])).initializer("hi", Tensor.of(new float[] {6f}, new int[0]));
            b.node("Clip", n -> n.inputs("c", "lo", "hi").outputs("y"));
        } else if ("SiLU".equals(s.activation)) {
            b.node("Sigmoid", n -> n.inputs("c").outputs("g"));
            b.node("Mul", n -> n.inputs("c", "g").outputs("y"));
        } else if (s.activation != null) {
            b.node(s.activation, n -> n.inputs("c").outputs("y"));
        }
        Model model = b.output("y").build();
        Tensor x = scaled(KernelAgreement.random(s.x, 3));
        try (Session ref = model.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = model.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
            String ranOn = fast.plan().backendOf(0);
            assertTrue(ranOn.equals(backend) || ranOn.startsWith(backend + ":"), "the conv fell back to " + ranOn);
            for (int node = 1; node < fast.plan().nodeCount(); node++) {
                assertEquals(0, fast.plan().fusedInto(node), "node " + node + " fused into the conv");
            }
            Tensor want = run(ref, x);
            for (int run = 0; run < 2; run++) {
                KernelAgreement.assertClose(want, run(fast, x), s.name());
            }
        }
    }

    /** Values times 8, so that Relu6's upper bound and HardSwish's both ends are reached. */
    private static Tensor scaled(Tensor t) {
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] *= 8;
        }
        return t;
    }

    private static Tensor run(Session s, Tensor x) {
        try (Result res = s.run(Collections.singletonMap("x", x))) {
            return res.get(0).copy();
        }
    }
}
