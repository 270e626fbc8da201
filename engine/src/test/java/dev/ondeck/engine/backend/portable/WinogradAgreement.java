package dev.ondeck.engine.backend.portable;

import static dev.ondeck.engine.TestTensors.uniform;
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
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks a fast backend's Winograd convolution ({@link WinogradConv}) against {@code cpu-ref}: random 3x3
 * stride-1 convolutions with pads (symmetric, asymmetric, none), with and without bias, odd and ragged spatial
 * sizes, batches above 1 and an absorbed Relu or Clip, blocks of many tiles and of few (multiplied the other way
 * round), at 1 and 3 threads; each asserts the plan labels the
 * node {@code <backend>:winograd}, and shapes outside the path (few channels or tiles, stride 2) keep the plain label.
 */
public final class WinogradAgreement {
    private WinogradAgreement() {
    }

    /** One Conv: shapes, pads (top, left, bottom, right), bias, a following activation, whether Winograd is expected. */
    private static final class Shape {
        final String name;
        final int[] x;
        final int m;
        final int[] pads;
        final boolean bias;
        final String activation;
        final int stride;
        final boolean winograd;

        Shape(String name, int[] x, int m, int[] pads, boolean bias, String activation, int stride, boolean winograd) {
            this.name = name;
            this.x = x;
            this.m = m;
            this.pads = pads;
            this.bias = bias;
            this.activation = activation;
            this.stride = stride;
            this.winograd = winograd;
        }
    }

    /** The shapes; on {@code cpu} planes of few tiles and few input channels run by im2col, elsewhere by Winograd. */
    private static List<Shape> shapes(String backend) {
        List<Shape> s = new ArrayList<>();
        int[] same = {1, 1, 1, 1};
        s.add(new Shape("resnet-like 64ch 32x32 + relu", new int[] {1, 64, 32, 32}, 64, same, true, "Relu", 1, true));
        s.add(new Shape("odd 29x31, 24 -> 40, no bias", new int[] {1, 24, 29, 31}, 40, same, false, null, 1, true));
        s.add(new Shape("narrow: 17x23, 128 -> 48 + relu", new int[] {1, 128, 17, 23}, 48, same, true, "Relu", 1, true));
        s.add(new Shape("batch 3, 130 -> 33, relu6 clip", new int[] {3, 130, 9, 11}, 33, same, true, "Clip", 1, true));
        s.add(new Shape("no pads 16 -> 16, 34x34", new int[] {1, 16, 34, 34}, 16, new int[] {0, 0, 0, 0}, true, null, 1, true));
        s.add(new Shape("asymmetric pads 2,0,1,2", new int[] {2, 128, 13, 10}, 18, new int[] {2, 0, 1, 2}, true, "Relu", 1, true));
        s.add(new Shape("two blocks of 64 and 17 tiles, 192 -> 192", new int[] {1, 192, 34, 34}, 192, same, true, "Relu", 1, true));
        s.add(new Shape("deep 300 -> 70, 16x16", new int[] {1, 300, 16, 16}, 70, same, true, null, 1, true));
        s.add(new Shape("few channels stays im2col", new int[] {1, 8, 20, 20}, 32, same, true, null, 1, false));
        s.add(new Shape("narrow and shallow: im2col on cpu only", new int[] {1, 64, 13, 13}, 96, same, true, "Relu", 1,
                !"cpu".equals(backend)));
        s.add(new Shape("few tiles stays im2col", new int[] {1, 64, 7, 7}, 64, same, true, null, 1, false));
        s.add(new Shape("stride 2 stays im2col", new int[] {1, 32, 20, 20}, 32, same, true, null, 2, false));
        return s;
    }

    /** One test per shape and thread count. */
    public static List<DynamicTest> tests(String backend) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape s : shapes(backend)) {
            for (int threads : new int[] {1, 3}) {
                tests.add(DynamicTest.dynamicTest(s.name + ", " + threads + " thread(s)", () -> check(s, backend, threads)));
            }
        }
        return tests;
    }

    private static void check(Shape s, String backend, int threads) {
        Random r = new Random(s.name.hashCode());
        int c = s.x[1];
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, KernelAgreement.box(s.x))
                .initializer("w", uniform(r, s.m, c, 3, 3));
        if (s.bias) {
            b.initializer("b", uniform(r, s.m));
        }
        String conv = s.activation == null ? "y" : "c";
        b.node("Conv", n -> n.name("conv").inputs(s.bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"})
                .outputs(conv).ints("pads", s.pads[0], s.pads[1], s.pads[2], s.pads[3]).ints("strides", s.stride, s.stride));
        if ("Relu".equals(s.activation)) {
            b.node("Relu", n -> n.inputs("c").outputs("y"));
        } else if ("Clip".equals(s.activation)) {
            b.initializer("lo", Tensor.of(new float[] {0f})).initializer("hi", Tensor.of(new float[] {6f}));
            b.node("Clip", n -> n.inputs("c", "lo", "hi").outputs("y"));
        }
        Model model = b.output("y").build();
        Tensor x = uniform(r, s.x);
        try (Session ref = model.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = model.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
            assertEquals(s.winograd ? backend + ":winograd" : backend, fast.plan().backendOf(0), "conv algorithm");
            Tensor want = run(ref, x);
            for (int run = 0; run < 2; run++) {
                assertClose(want, run(fast, x), s.name);
            }
        }
    }

    /**
     * Max |got - want| <= 1e-4 * max |want| (the model tolerance): F(4x4, 3x3) rounds about ten times more than a
     * direct sum (its transforms scale by up to 8 and 1/24), about 1e-5 of the scale over 300 channels.
     */
    private static void assertClose(Tensor want, Tensor got, String what) {
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
        assertTrue(err <= 1e-4 * scale, what + ": max abs error " + err + " at scale " + scale);
    }

    private static Tensor run(Session s, Tensor x) {
        try (Result res = s.run(Collections.singletonMap("x", x))) {
            return res.get(0).copy();
        }
    }
}
