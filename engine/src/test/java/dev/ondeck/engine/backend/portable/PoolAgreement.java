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
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks a fast backend's pooling kernels ({@link Pool2dPlane} and the general window loop behind it) against
 * {@code cpu-ref}: MaxPool and AveragePool over kernels, strides, pads (symmetric, asymmetric, SAME), dilations,
 * ceil_mode (windows overhanging the input), windows read in place (no pads), count_include_pad, odd and tiny planes, 1-D and 3-D pools, and the
 * global forms, at 1 and 2 threads. Max must match exactly, average within float rounding; each case asserts the
 * node ran on the backend under test.
 */
public final class PoolAgreement {
    private PoolAgreement() {
    }

    private static final class Case {
        final String name;
        final String op;
        final int[] x;
        final Consumer<ModelBuilder.NodeBuilder> attrs;

        Case(String name, String op, int[] x, Consumer<ModelBuilder.NodeBuilder> attrs) {
            this.name = name;
            this.op = op;
            this.x = x;
            this.attrs = attrs;
        }
    }

    private static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        for (String op : new String[] {"MaxPool", "AveragePool"}) {
            cs.add(new Case("squeezenet 3x3 s2 ceil", op, new int[] {1, 8, 111, 111},
                    n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).attr("ceil_mode", 1L)));
            cs.add(new Case("resnet 3x3 s2 p1", op, new int[] {1, 5, 112, 112},
                    n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)));
            cs.add(new Case("2x2 s2 odd plane floor", op, new int[] {2, 3, 13, 9}, n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2)));
            cs.add(new Case("2x2 s2 odd plane ceil", op, new int[] {2, 3, 13, 9},
                    n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2).attr("ceil_mode", 1L)));
            cs.add(new Case("3x3 s1 no pads (read in place)", op, new int[] {1, 4, 17, 19}, n -> n.ints("kernel_shape", 3, 3)));
            cs.add(new Case("3x3 s2 p1 wide rows with a tail", op, new int[] {1, 3, 9, 45},
                    n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)));
            cs.add(new Case("3x3 s1 p1", op, new int[] {1, 4, 17, 19}, n -> n.ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1)));
            cs.add(new Case("5x3 s(3,2) asymmetric pads", op, new int[] {1, 3, 20, 15},
                    n -> n.ints("kernel_shape", 5, 3).ints("strides", 3, 2).ints("pads", 2, 0, 1, 1)));
            cs.add(new Case("3x3 dilated 2 s2 p2 ceil", op, new int[] {1, 3, 21, 18},
                    n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("dilations", 2, 2).ints("pads", 2, 2, 2, 2)
                            .attr("ceil_mode", 1L)));
            cs.add(new Case("SAME_UPPER 4x4 s3", op, new int[] {1, 2, 10, 11},
                    n -> n.ints("kernel_shape", 4, 4).ints("strides", 3, 3).attr("auto_pad", "SAME_UPPER")));
            cs.add(new Case("window larger than a 2x3 plane", op, new int[] {1, 3, 2, 3},
                    n -> n.ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1).ints("strides", 2, 2).attr("ceil_mode", 1L)));
            cs.add(new Case("1x1 plane 3x3 p1", op, new int[] {1, 4, 1, 1}, n -> n.ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1)));
            cs.add(new Case("1-D k3 s2 p1", op, new int[] {2, 3, 25}, n -> n.ints("kernel_shape", 3).ints("strides", 2).ints("pads", 1, 1)));
            cs.add(new Case("3-D 2x2x2", op, new int[] {1, 2, 5, 6, 7}, n -> n.ints("kernel_shape", 2, 2, 2).ints("strides", 2, 2, 2)));
            cs.add(new Case("many planes 7x7 s1", op, new int[] {1, 300, 9, 9}, n -> n.ints("kernel_shape", 7, 7)));
        }
        cs.add(new Case("count_include_pad ceil", "AveragePool", new int[] {1, 3, 14, 15},
                n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1).attr("count_include_pad", 1L)));
        cs.add(new Case("global average 7x7", "GlobalAveragePool", new int[] {1, 320, 7, 7}, n -> { }));
        cs.add(new Case("global average 112x112", "GlobalAveragePool", new int[] {1, 16, 112, 113}, n -> { }));
        cs.add(new Case("global max odd", "GlobalMaxPool", new int[] {2, 9, 13, 3}, n -> { }));
        cs.add(new Case("global average 1x1", "GlobalAveragePool", new int[] {1, 5, 1, 1}, n -> { }));
        return cs;
    }

    /** One test per case and thread count (1 and 2). */
    public static List<DynamicTest> tests(String backend) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (int threads : new int[] {1, 2}) {
                tests.add(DynamicTest.dynamicTest(c.op + " " + c.name + ", " + threads + " thread(s)", () -> check(c, backend, threads)));
            }
        }
        return tests;
    }

    private static void check(Case c, String backend, int threads) {
        Model model = ModelBuilder.create().opset(13).input("x", DType.FLOAT, KernelAgreement.box(c.x))
                .node(c.op, n -> {
                    n.name("pool").inputs("x").outputs("y");
                    c.attrs.accept(n);
                }).output("y").build();
        Tensor x = KernelAgreement.random(c.x, c.name.hashCode());
        try (Session ref = model.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = model.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
            assertEquals(backend, fast.plan().backendOf(0), "backend of the pooling node");
            Tensor want = run(ref, x);
            for (int run = 0; run < 2; run++) {
                assertClose(want, run(fast, x), c.op.contains("Max") ? 0 : 2e-6, c.name);
            }
        }
    }

    /** |got - want| <= tolerance * max(1, |want|) element by element, NaN and infinities where the reference has them. */
    private static void assertClose(Tensor want, Tensor got, double tolerance, String what) {
        assertArrayEquals(want.shapeView(), got.shapeView(), what + ": shape");
        float[] w = want.floats();
        float[] g = got.floats();
        for (int i = 0; i < w.length; i++) {
            if (Float.isNaN(w[i]) || Float.isInfinite(w[i])) {
                assertEquals(w[i], g[i], what + ": at " + i);
                continue;
            }
            assertTrue(Math.abs(w[i] - g[i]) <= tolerance * Math.max(1, Math.abs(w[i])),
                    what + ": at " + i + " want " + w[i] + " got " + g[i]);
        }
    }

    private static Tensor run(Session s, Tensor x) {
        try (Result res = s.run(Collections.singletonMap("x", x))) {
            return res.get(0).copy();
        }
    }
}
