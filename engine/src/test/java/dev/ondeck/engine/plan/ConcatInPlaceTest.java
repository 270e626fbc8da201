package dev.ondeck.engine.plan;

import static dev.ondeck.engine.TestTensors.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.engine.runtime.RunAllocation;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * In-place Concat ({@link ConcatPlacement}) on {@code cpu-portable}: where every input of a Concat along the first
 * non-unit axis is produced by a convolution read only by it, the convolutions write into their blocks of its output
 * and it copies nothing (results equal cpu-ref's, arena runs and runs that keep values alike); where that is not
 * safe (an input is a graph output, read by two Concats, the same value twice, a graph input, or blocks that are not
 * contiguous in batch 2) the Concat copies.
 */
class ConcatInPlaceTest {
    private static final String BACKEND = "cpu-portable";

    /** A squeezenet fire module: squeeze 1x1 + Relu, then expand 1x1 + Relu and expand 3x3 + Relu, concatenated. */
    private static ModelBuilder fire(int batch, Consumer<ModelBuilder> more) {
        Random r = new Random(5);
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, batch, 8, 13, 13)
                .initializer("ws", uniform(r, 6, 8, 1, 1)).initializer("bs", uniform(r, 6))
                .initializer("w1", uniform(r, 16, 6, 1, 1)).initializer("b1", uniform(r, 16))
                .initializer("w3", uniform(r, 16, 6, 3, 3)).initializer("b3", uniform(r, 16))
                .node("Conv", n -> n.name("squeeze").inputs("x", "ws", "bs").outputs("s0"))
                .node("Relu", n -> n.name("squeeze_relu").inputs("s0").outputs("s"))
                .node("Conv", n -> n.name("expand1x1").inputs("s", "w1", "b1").outputs("e1"))
                .node("Relu", n -> n.name("expand1x1_relu").inputs("e1").outputs("r1"))
                .node("Conv", n -> n.name("expand3x3").inputs("s", "w3", "b3").outputs("e3").ints("pads", 1, 1, 1, 1))
                .node("Relu", n -> n.name("expand3x3_relu").inputs("e3").outputs("r3"));
        more.accept(b);
        return b;
    }

    private static Consumer<ModelBuilder> concat(String name, String... inputs) {
        return b -> b.node("Concat", n -> n.name(name).inputs(inputs).outputs(name + "_y").attr("axis", 1L));
    }

    @Test
    void fireModuleConcatCopiesNothingAndMatchesTheReference() {
        Model m = fire(1, concat("cat", "r1", "r3").andThen(b -> b.output("cat_y"))).build();
        Map<String, Tensor> in = input(1);
        try (Session s = m.newSession(SessionOptions.builder().backend(BACKEND).build())) {
            ExecutionPlan plan = s.plan();
            int cat = indexOf(plan, "cat");
            assertTrue(plan.isConcatInPlace(cat), "concat in place");
            assertEquals(BACKEND + " (in place)", plan.backendOf(cat));
            assertEquals(cat, plan.concatInto(indexOf(plan, "expand1x1")));
            assertEquals(cat, plan.concatInto(indexOf(plan, "expand3x3")));
            assertEquals(-1, plan.memory().bufferOf(plan.slotOf("e1")), "a block has no buffer of its own");
            Tensor want = run(m, "cpu-ref", in);
            for (int i = 0; i < 3; i++) {
                assertClose(want, run(s, in));
            }
            ProfileReport r = s.profile(in, 1, 2);
            assertEquals(BACKEND + " (in place)", r.node("cat").backend());
            assertEquals(TensorType.of(DType.FLOAT, 1, 16, 13, 13).toString(), r.node("expand3x3").outputShapes(),
                    "a block shows its own shape");
            assertTrue(RunAllocation.perRun(s, in, 5, 20, 200_000) < 200_000, "steady-state runs allocate little beyond the output");
        }
        try (Session twoThreads = m.newSession(SessionOptions.builder().backend(BACKEND).threads(2).build());
             Session debug = m.newSession(SessionOptions.builder().backend(BACKEND).foldConstants(false).build())) {
            assertClose(run(m, "cpu-ref", in), run(twoThreads, in));
            assertFalse(debug.plan().isConcatInPlace(indexOf(debug.plan(), "cat")), "debug plans keep every value");
        }
    }

    @Test
    void concatCopiesWhereWritingInPlaceIsNotSafe() {
        assertNotInPlace(fire(1, concat("cat", "r1", "r3").andThen(b -> b.output("cat_y").output("r1"))).build(), "cat",
                "an input is a graph output");
        assertNotInPlace(fire(1, concat("cat", "r1", "r3").andThen(concat("cat2", "r3", "r1"))
                .andThen(b -> b.output("cat_y").output("cat2_y"))).build(), "cat", "inputs read by two Concats");
        assertNotInPlace(fire(1, concat("cat", "r1", "r1").andThen(b -> b.output("cat_y"))).build(), "cat", "one value twice");
        assertNotInPlace(fire(1, concat("cat", "r1", "x").andThen(b -> b.output("cat_y"))).build(), "cat", "a graph input");
        assertNotInPlace(fire(2, concat("cat", "r1", "r3").andThen(b -> b.output("cat_y"))).build(), "cat",
                "batch 2: blocks not contiguous");
    }

    private static void assertNotInPlace(Model m, String concat, String why) {
        int batch = m.graph().inputs().get(0).type().shape()[0];
        try (Session s = m.newSession(SessionOptions.builder().backend(BACKEND).build())) {
            int cat = indexOf(s.plan(), concat);
            assertFalse(s.plan().isConcatInPlace(cat), why);
            assertEquals(BACKEND, s.plan().backendOf(cat), why);
            Map<String, Tensor> in = input(batch);
            try (Session ref = m.newSession(SessionOptions.builder().backend("cpu-ref").build());
                 Result want = ref.run(in); Result got = s.run(in)) {
                for (int o = 0; o < want.size(); o++) {
                    assertClose(want.get(o), got.get(o));
                }
            }
        }
    }

    private static int indexOf(ExecutionPlan plan, String name) {
        for (int n = 0; n < plan.nodeCount(); n++) {
            if (plan.node(n).name().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name);
    }

    private static Map<String, Tensor> input(int batch) {
        return Collections.singletonMap("x", uniform(new Random(9), batch, 8, 13, 13));
    }

    private static Tensor run(Model m, String backend, Map<String, Tensor> in) {
        try (Session s = m.newSession(SessionOptions.builder().backend(backend).build())) {
            return run(s, in);
        }
    }

    private static Tensor run(Session s, Map<String, Tensor> in) {
        try (Result r = s.run(in)) {
            return r.get(0).copy();
        }
    }

    private static void assertClose(Tensor want, Tensor got) {
        assertArrayEquals(want.shapeView(), got.shapeView());
        float[] w = want.floats();
        float[] g = got.floats();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], g[i], 1e-4f * Math.max(1, Math.abs(w[i])), "element " + i);
        }
    }
}
