package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks a fast backend's Concat against {@code cpu-ref}: along axis 1 of batch-1 NCHW (one block per input), of
 * batch 2 (blocks per image), axis 0, the last axis (negative), a middle axis, an empty input and a large output
 * split across threads, at 1 and 2 threads; the node must run on the backend under test and match exactly.
 */
public final class ConcatAgreement {
    private ConcatAgreement() {
    }

    private static final class Case {
        final String name;
        final long axis;
        final int[][] shapes;

        Case(String name, long axis, int[]... shapes) {
            this.name = name;
            this.axis = axis;
            this.shapes = shapes;
        }
    }

    private static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        cs.add(new Case("fire module, axis 1 batch 1", 1, new int[] {1, 64, 55, 55}, new int[] {1, 64, 55, 55}));
        cs.add(new Case("axis 1 batch 2, three inputs", 1, new int[] {2, 3, 5, 7}, new int[] {2, 1, 5, 7}, new int[] {2, 6, 5, 7}));
        cs.add(new Case("axis 0", 0, new int[] {2, 4, 3}, new int[] {5, 4, 3}));
        cs.add(new Case("last axis, negative", -1, new int[] {3, 4, 5}, new int[] {3, 4, 1}, new int[] {3, 4, 9}));
        cs.add(new Case("middle axis", 2, new int[] {2, 3, 4, 5}, new int[] {2, 3, 7, 5}));
        cs.add(new Case("an empty input", 1, new int[] {1, 0, 4, 4}, new int[] {1, 3, 4, 4}));
        cs.add(new Case("many blocks, large", 2, new int[] {4, 32, 40, 64}, new int[] {4, 32, 24, 64}));
        return cs;
    }

    /** One test per case and thread count (1 and 2). */
    public static List<DynamicTest> tests(String backend) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (int threads : new int[] {1, 2}) {
                tests.add(DynamicTest.dynamicTest("Concat " + c.name + ", " + threads + " thread(s)", () -> check(c, backend, threads)));
            }
        }
        return tests;
    }

    private static void check(Case c, String backend, int threads) {
        ModelBuilder b = ModelBuilder.create().opset(13);
        String[] names = new String[c.shapes.length];
        Map<String, Tensor> in = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            names[i] = "x" + i;
            b.input(names[i], DType.FLOAT, KernelAgreement.box(c.shapes[i]));
            in.put(names[i], KernelAgreement.random(c.shapes[i], 31L * i + c.name.hashCode()));
        }
        Model model = b.node("Concat", n -> n.name("cat").inputs(names).outputs("y").attr("axis", c.axis)).output("y").build();
        try (Session ref = model.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = model.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
            assertEquals(backend, fast.plan().backendOf(0), "backend of the Concat node");
            Tensor want = run(ref, in);
            for (int run = 0; run < 2; run++) {
                Tensor got = run(fast, in);
                assertArrayEquals(want.shapeView(), got.shapeView(), c.name + ": shape");
                assertArrayEquals(want.floats(), got.floats(), c.name);
            }
        }
    }

    private static Tensor run(Session s, Map<String, Tensor> in) {
        try (Result res = s.run(in)) {
            return res.get(0).copy();
        }
    }
}
