package dev.ondeck.engine.plan;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shape and Size of a value whose shape is static are computed at prepare time, and what they feed folds too. */
class ShapeFoldingTest {
    /** y = Reshape(Relu(x), Shape(x)[0:1] ++ [-1]); n = Size(x). */
    private static Model model(Object batch) {
        return ModelBuilder.create().opset(13).input("x", DType.FLOAT, batch, 3, 4)
                .initializer("zero", Tensor.of(new long[] {0}, 1))
                .initializer("minusOne", Tensor.of(new long[] {-1}, 1))
                .node("Shape", n -> n.name("shape").inputs("x").outputs("s"))
                .node("Gather", n -> n.name("gather").inputs("s", "zero").outputs("b").attr("axis", 0L))
                .node("Concat", n -> n.name("concat").inputs("b", "minusOne").outputs("target").attr("axis", 0L))
                .node("Relu", n -> n.name("relu").inputs("x").outputs("r"))
                .node("Reshape", n -> n.name("reshape").inputs("r", "target").outputs("y"))
                .node("Size", n -> n.name("size").inputs("x").outputs("n"))
                .output("y").output("n").build();
    }

    @Test
    void foldedWhenTheShapeIsStatic() {
        Tensor x = Tensor.of(new float[] {-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 4);
        for (String backend : new String[] {"cpu-ref", "cpu-portable"}) {
            try (Model m = model(2); Session s = m.newSession(backend); Result r = s.run(Map.of("x", x))) {
                ExecutionPlan plan = s.plan();
                for (int n : new int[] {0, 1, 2, 5}) {
                    assertTrue(plan.isFolded(n), backend + ": " + plan.node(n).name() + " folded");
                }
                assertFalse(plan.isFolded(4), "reshape reads the input's values");
                assertArrayEquals(new int[] {2, 12}, plan.slotType(plan.slotOf("y")).shape(), "static after the folded Shape");
                assertArrayEquals(new int[] {2, 12}, r.get("y").shapeView());
                assertEquals(24, r.get("n").getLong(0));
                assertEquals(2f, r.get("y").floats()[1]);
            }
        }
    }

    @Test
    void runsWhenTheShapeIsSymbolicOrInDebugPlans() {
        Tensor x = Tensor.allocate(DType.FLOAT, 5, 3, 4);
        try (Model m = model("batch"); Session s = m.newSession("cpu-portable"); Result r = s.run(Map.of("x", x))) {
            assertFalse(s.plan().isFolded(0), "Shape of a symbolic batch runs");
            assertArrayEquals(new int[] {5, 12}, r.get("y").shapeView());
            assertEquals(60, r.get("n").getLong(0));
        }
        try (Model m = model(2);
             Session s = m.newSession(SessionOptions.builder().backend("cpu-portable").foldConstants(false).build())) {
            assertFalse(s.plan().isFolded(0), "debug plans compute every node");
        }
    }
}
