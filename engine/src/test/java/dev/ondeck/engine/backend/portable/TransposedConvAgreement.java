package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Checks a fast backend's transposed convolution ({@link TransposedConv}, few output pixels) against
 * {@code cpu-ref}: 3x3 and 1x1 windows, strides 1 and 2, symmetric and asymmetric pads, odd pixel counts (one
 * pixel included), with and without bias, an absorbed Relu or Clip, a residual Add + Relu after it, batch 2,
 * at 1, 2 and 3 threads. Each asserts the cost rule's choice for the shape (so the path under test is the one
 * taken), including shapes that stay on the direct product.
 */
public final class TransposedConvAgreement {
    private TransposedConvAgreement() {
    }

    /** One Conv: input shape, output channels, window, stride, pads (top, left, bottom, right), bias, what follows. */
    private static final class Shape {
        final String name;
        final int[] x;
        final int m;
        final int kernel;
        final int stride;
        final int[] pads;
        final boolean bias;
        final String after;
        final boolean transposed;

        Shape(String name, int[] x, int m, int kernel, int stride, int[] pads, boolean bias, String after,
                boolean transposed) {
            this.name = name;
            this.x = x;
            this.m = m;
            this.kernel = kernel;
            this.stride = stride;
            this.pads = pads;
            this.bias = bias;
            this.after = after;
            this.transposed = transposed;
        }

        int out(int size, int padSum) {
            return (size + padSum - kernel) / stride + 1;
        }

        int pixels() {
            return out(x[2], pads[0] + pads[2]) * out(x[3], pads[1] + pads[3]);
        }
    }

    private static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        int[] same = {1, 1, 1, 1};
        int[] none = {0, 0, 0, 0};
        s.add(new Shape("7x7, 64 -> 96 + relu", new int[] {1, 64, 7, 7}, 96, 3, 1, same, true, "Relu", true));
        s.add(new Shape("odd 5x9, 40 -> 64, no bias", new int[] {1, 40, 5, 9}, 64, 3, 1, same, false, null, true));
        s.add(new Shape("stride 2 14x14, 32 -> 128 + relu6", new int[] {1, 32, 14, 14}, 128, 3, 2, same, true, "Clip", true));
        s.add(new Shape("1x1 stride 2 downsample 13x13, 256 -> 160", new int[] {1, 256, 13, 13}, 160, 1, 2, none, true, null,
                true));
        s.add(new Shape("shallow 1x1 downsample stays direct", new int[] {1, 48, 13, 13}, 160, 1, 2, none, true, null, false));
        s.add(new Shape("batch 2, asymmetric pads 2,0,1,2, 24 -> 64", new int[] {2, 24, 6, 7}, 64, 3, 1,
                new int[] {2, 0, 1, 2}, true, "Relu", true));
        s.add(new Shape("residual Add + Relu, 64 -> 64", new int[] {1, 64, 7, 7}, 64, 3, 1, same, true, "AddRelu", true));
        s.add(new Shape("one pixel, 32 -> 64", new int[] {1, 32, 3, 3}, 64, 3, 1, none, true, "Relu", true));
        s.add(new Shape("wide output stays direct", new int[] {1, 16, 40, 40}, 32, 1, 2, none, true, null, false));
        s.add(new Shape("no waste to save stays direct", new int[] {1, 16, 8, 8}, 30, 3, 1, same, true, null, false));
        return s;
    }

    /** One test per shape and thread count, for {@code backend} whose products run on {@code gemm}. */
    public static List<DynamicTest> tests(String backend, Sgemm gemm) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape s : shapes()) {
            for (int threads : new int[] {1, 2, 3}) {
                tests.add(DynamicTest.dynamicTest(s.name + ", " + threads + " thread(s)", () -> check(s, backend, gemm, threads)));
            }
        }
        return tests;
    }

    private static void check(Shape s, String backend, Sgemm gemm, int threads) {
        int c = s.x[1];
        int k = c * s.kernel * s.kernel;
        assertEquals(s.transposed, TransposedConv.pays(gemm, s.m, s.pixels(), k), "the cost rule's choice");
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, KernelAgreement.box(s.x))
                .initializer("w", KernelAgreement.random(new int[] {s.m, c, s.kernel, s.kernel}, 2));
        if (s.bias) {
            b.initializer("b", KernelAgreement.random(new int[] {s.m}, 3));
        }
        String conv = s.after == null ? "y" : "c";
        b.node("Conv", n -> n.inputs(s.bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"}).outputs(conv)
                .ints("kernel_shape", s.kernel, s.kernel).ints("strides", s.stride, s.stride)
                .ints("pads", s.pads[0], s.pads[1], s.pads[2], s.pads[3]));
        if ("Relu".equals(s.after)) {
            b.node("Relu", n -> n.inputs("c").outputs("y"));
        } else if ("Clip".equals(s.after)) {
            b.initializer("lo", Tensor.of(new float[] {0f})).initializer("hi", Tensor.of(new float[] {6f}));
            b.node("Clip", n -> n.inputs("c", "lo", "hi").outputs("y"));
        } else if ("AddRelu".equals(s.after)) {
            b.node("Add", n -> n.inputs("c", "x").outputs("s"));
            b.node("Relu", n -> n.inputs("s").outputs("y"));
        }
        Model model = b.output("y").build();
        Tensor x = KernelAgreement.random(s.x, 1);
        try (Session ref = model.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = model.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
            assertEquals(backend, fast.plan().backendOf(0), "the conv ran on");
            Tensor want = run(ref, x);
            for (int run = 0; run < 2; run++) {
                KernelAgreement.assertClose(want, run(fast, x), s.name);
            }
        }
    }

    private static Tensor run(Session s, Tensor x) {
        try (Result res = s.run(Collections.singletonMap("x", x))) {
            return res.get(0).copy();
        }
    }
}
