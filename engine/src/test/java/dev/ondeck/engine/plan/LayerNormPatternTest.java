package dev.ondeck.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.profile.NodeProfile;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The decomposed LayerNormalization (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add) runs as one kernel
 * on {@code cpu-portable}, matches {@code cpu-ref}, stays visible node by node in plan and profile, and is left alone
 * when any condition of the pattern fails.
 */
class LayerNormPatternTest {
    private static final String[] MEMBERS = {"mean", "sub", "pow", "var", "addEps", "sqrt", "div", "mul", "shift"};

    /** What a variant changes in the standard pattern over x [2, 5, 16] (normalised over 16). */
    private static final class Variant {
        long meanAxis = -1;
        boolean epsAsInput;
        boolean intermediateAsOutput;
        boolean subReadTwice;
        float exponent = 2f;
        boolean affine = true;
        boolean gammaFirst;
    }

    private static float[] random(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }

    static Model model(Consumer<Variant> change) {
        Variant v = new Variant();
        change.accept(v);
        Random r = new Random(11);
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 2, 5, 16)
                .initializer("two", Tensor.scalar(v.exponent))
                .initializer("gamma", Tensor.of(random(r, 16, 0.5f, 2), 16))
                .initializer("beta", Tensor.of(random(r, 16, -1, 1), 1, 1, 16));
        if (v.epsAsInput) {
            b.input("eps", DType.FLOAT);
        } else {
            b.initializer("eps", Tensor.scalar(1e-5f));
        }
        b.node("ReduceMean", n -> n.name("mean").inputs("x").outputs("m").ints("axes", v.meanAxis))
                .node("Sub", n -> n.name("sub").inputs("x", "m").outputs("d"))
                .node("Pow", n -> n.name("pow").inputs("d", "two").outputs("p"))
                .node("ReduceMean", n -> n.name("var").inputs("p").outputs("v").ints("axes", -1))
                .node("Add", n -> n.name("addEps").inputs("v", "eps").outputs("e"))
                .node("Sqrt", n -> n.name("sqrt").inputs("e").outputs("s"))
                .node("Div", n -> n.name("div").inputs("d", "s").outputs(v.affine ? "n" : "y"));
        if (v.affine) {
            b.node("Mul", n -> n.name("mul").inputs(v.gammaFirst ? new String[] {"gamma", "n"} : new String[] {"n", "gamma"})
                            .outputs("g"))
                    .node("Add", n -> n.name("shift").inputs("beta", "g").outputs("y"));
        }
        if (v.subReadTwice) {
            b.node("Relu", n -> n.name("extra").inputs("d").outputs("r")).output("r", DType.FLOAT, 2, 5, 16);
        }
        if (v.intermediateAsOutput) {
            b.output("v", DType.FLOAT, 2, 5, 1);
        }
        return b.output("y", DType.FLOAT, 2, 5, 16).build();
    }

    private static Map<String, Tensor> inputs(boolean eps) {
        Map<String, Tensor> in = new HashMap<>();
        in.put("x", Tensor.of(random(new Random(5), 160, -3, 3), 2, 5, 16));
        if (eps) {
            in.put("eps", Tensor.scalar(1e-5f));
        }
        return in;
    }

    /** Runs on cpu-portable and cpu-ref, checks y agrees, and returns the cpu-portable plan's fusion of each node. */
    private static int[] fusions(Consumer<Variant> change) {
        Variant v = new Variant();
        change.accept(v);
        try (Model m = model(change);
             Session fast = m.newSession("cpu-portable");
             Session ref = m.newSession("cpu-ref")) {
            Map<String, Tensor> in = inputs(v.epsAsInput);
            float[] a = fast.run(in).get("y").floats();
            float[] e = ref.run(in).get("y").floats();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-5 + 1e-5 * Math.abs(e[i]), "element " + i);
            }
            ExecutionPlan plan = fast.plan();
            int[] fused = new int[plan.nodeCount()];
            for (int n = 0; n < fused.length; n++) {
                fused[n] = plan.fusedInto(n);
            }
            return fused;
        }
    }

    @Test
    void fusedIntoTheLastNodeAndMatchesTheReference() {
        for (boolean gammaFirst : new boolean[] {false, true}) {
            int[] fused = fusions(v -> v.gammaFirst = gammaFirst);
            for (int n = 0; n < MEMBERS.length - 1; n++) {
                assertEquals(MEMBERS.length - 1, fused[n], MEMBERS[n] + " fused into the anchor");
            }
            assertEquals(-1, fused[MEMBERS.length - 1], "the anchor runs");
        }
    }

    @Test
    void withoutScaleAndShiftTheDivIsTheAnchor() {
        int[] fused = fusions(v -> v.affine = false);
        for (int n = 0; n < 6; n++) {
            assertEquals(6, fused[n], MEMBERS[n]);
        }
    }

    @Test
    void notMatchedWhenAConditionFails() {
        Map<String, Consumer<Variant>> variants = new HashMap<>();
        variants.put("mean over another axis", v -> v.meanAxis = 1);
        variants.put("eps not a constant", v -> v.epsAsInput = true);
        variants.put("an intermediate is a graph output", v -> v.intermediateAsOutput = true);
        variants.put("x - mean read by a third node", v -> v.subReadTwice = true);
        variants.put("exponent 4", v -> v.exponent = 4f);
        for (Map.Entry<String, Consumer<Variant>> e : variants.entrySet()) {
            int[] fused = fusions(e.getValue());
            for (int n = 0; n < MEMBERS.length; n++) {
                assertEquals(-1, fused[n], e.getKey() + ": " + MEMBERS[n] + " not fused");
            }
        }
    }

    @Test
    void notOnCpuRefNorInDebugPlans() {
        try (Model m = model(v -> { });
             Session ref = m.newSession("cpu-ref");
             Session debug = m.newSession(SessionOptions.builder().backend("cpu-portable").foldConstants(false).build())) {
            for (int n = 0; n < MEMBERS.length; n++) {
                assertEquals(-1, ref.plan().fusedInto(n));
                assertEquals(-1, debug.plan().fusedInto(n));
            }
        }
    }

    @Test
    void profileListsEveryOriginalNode() {
        try (Model m = model(v -> { }); Session s = m.newSession("cpu-portable")) {
            ProfileReport p = s.profile(inputs(false), 1, 3);
            assertEquals(MEMBERS.length, p.nodes().size());
            for (int n = 0; n < MEMBERS.length; n++) {
                NodeProfile np = p.nodes().get(n);
                assertEquals(MEMBERS[n], np.name());
                boolean anchor = n == MEMBERS.length - 1;
                assertEquals(anchor, !np.backend().contains("fused into shift"), np.backend());
                assertFalse(np.folded(), np.name());
                assertTrue(np.outputShapes().contains(n == 0 || n == 3 || n == 4 || n == 5 ? "[2,5,1]" : "[2,5,16]"),
                        np.name() + " shows its output shape: " + np.outputShapes());
            }
            assertTrue(p.table(MEMBERS.length).contains("cpu-portable (fused into shift)"), p.table(MEMBERS.length));
        }
    }
}
