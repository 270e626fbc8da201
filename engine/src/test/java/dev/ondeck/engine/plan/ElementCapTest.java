package dev.ondeck.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.NodeException;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Inferred shapes are checked against the element cap before anything is allocated: at prepare time when
 * known then, else before the node runs; either way the error names the node.
 */
class ElementCapTest {
    private static Model constantOfShape(long... dims) {
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 1)
                .initializer("shape", Tensor.of(dims, dims.length))
                .node("ConstantOfShape", n -> n.name("huge").inputs("shape").outputs("c"))
                .node("Add", n -> n.name("add").inputs("c", "x").outputs("y"))
                .output("y")
                .build();
    }

    private static void refusedAtPrepare(Model m, boolean fold) {
        OndeckException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(OndeckException.class,
                () -> m.newSession(SessionOptions.builder().backend("cpu-ref").foldConstants(fold).build())));
        assertTrue(e.getMessage().contains("'huge' (ConstantOfShape)"), e.getMessage());
        assertTrue(e.getMessage().contains("element cap"), e.getMessage());
    }

    @Test
    void constantOfShapeAskingTwoToTheFortyElementsIsRefusedAtPrepare() {
        Model m = constantOfShape(1L << 20, 1L << 20);
        refusedAtPrepare(m, true);
        refusedAtPrepare(m, false);
    }

    @Test
    void dataDependentHugeShapeIsRefusedBeforeTheNodeRuns() {
        Model m = ModelBuilder.create().opset(13)
                .input("shape", DType.INT64, 2)
                .node("ConstantOfShape", n -> n.name("huge").inputs("shape").outputs("c"))
                .output("c")
                .build();
        try (Session s = m.newSession("cpu-ref")) {
            Tensor ok = s.run(Collections.singletonMap("shape", Tensor.of(new long[] {2, 3}, 2))).get("c");
            assertEquals(6, ok.size());
            NodeException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(NodeException.class,
                    () -> s.run(Collections.singletonMap("shape", Tensor.of(new long[] {1L << 20, 1L << 20}, 2)))));
            assertEquals("huge", e.node());
            assertTrue(e.getMessage().contains("element cap"), e.getMessage());
        }
    }
}
