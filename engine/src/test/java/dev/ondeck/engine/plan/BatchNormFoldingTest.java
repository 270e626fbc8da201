package dev.ondeck.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BatchNormalization after a convolution is folded into its weights on fast backends, never on cpu-ref. */
class BatchNormFoldingTest {
    private static float[] random(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }

    /** x(1,3,8,8) -> Conv 3x3 (4 channels, with or without bias) -> BatchNormalization -> Relu -> y. */
    static Model convBnRelu(boolean bias) {
        Random r = new Random(7);
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, 3, 8, 8)
                .initializer("w", Tensor.of(random(r, 4 * 3 * 9, -1, 1), 4, 3, 3, 3))
                .initializer("b", Tensor.of(random(r, 4, -1, 1), 4))
                .initializer("gamma", Tensor.of(random(r, 4, 0.5f, 2), 4))
                .initializer("beta", Tensor.of(random(r, 4, -1, 1), 4))
                .initializer("mean", Tensor.of(random(r, 4, -0.5f, 0.5f), 4))
                .initializer("var", Tensor.of(random(r, 4, 0.1f, 3), 4));
        b.node("Conv", n -> n.name("conv").inputs(bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"})
                        .outputs("c").ints("pads", 1, 1, 1, 1))
                .node("BatchNormalization", n -> n.name("bn").inputs("c", "gamma", "beta", "mean", "var").outputs("n")
                        .attr("epsilon", 1e-3f))
                .node("Relu", n -> n.name("relu").inputs("n").outputs("y"));
        return b.output("y", DType.FLOAT, 1, 4, 8, 8).build();
    }

    @Test
    void foldedOnCpuPortableAndMatchesTheReference() {
        for (boolean bias : new boolean[] {true, false}) {
            try (Model m = convBnRelu(bias);
                 Session fast = m.newSession("cpu-portable");
                 Session ref = m.newSession("cpu-ref")) {
                Tensor x = Tensor.of(random(new Random(3), 3 * 64, -2, 2), 1, 3, 8, 8);
                float[] a = fast.run(Map.of("x", x)).get("y").floats();
                float[] e = ref.run(Map.of("x", x)).get("y").floats();
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 1e-4 + 1e-4 * Math.abs(e[i]), "element " + i + " (bias " + bias + ")");
                }
                ExecutionPlan plan = fast.plan();
                assertEquals(0, plan.fusedInto(1), "bn fused into conv: " + plan);
                assertEquals(0, plan.fusedInto(2), "relu absorbed after the folded bn: " + plan);
                assertEquals(-1, ref.plan().fusedInto(1), "cpu-ref keeps BatchNormalization as the specification");
                ProfileReport p = fast.profile(Map.of("x", x), 1, 2);
                assertTrue(p.nodes().get(1).backend().contains("fused into conv"), p.nodes().get(1).backend());
                assertTrue(p.table(3).contains(" " + p.nodes().get(1).backend() + " "), "the text table shows backend labels whole:\n"
                        + p.table(3));
            }
        }
    }

    @Test
    void debugPlansKeepBatchNormalization() {
        try (Model m = convBnRelu(true);
             Session s = m.newSession(SessionOptions.builder().backend("cpu-portable").foldConstants(false).build())) {
            assertEquals(-1, s.plan().fusedInto(1));
        }
    }
}
