package dev.ondeck.engine.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebuggerTest {
    /** x -> scale (Mul) -> shift (Sub) -> plant (Log: NaN where negative) -> act (Relu) -> out (Add). */
    static Model plantedNaN() {
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 4)
                .initializer("w", Tensor.of(new float[] {2, 2, 2, 2}, 4))
                .initializer("c", Tensor.of(new float[] {1, 1, 1, 1}, 4))
                .node("Mul", n -> n.name("scale").inputs("x", "w").outputs("a"))
                .node("Sub", n -> n.name("shift").inputs("a", "c").outputs("b"))
                .node("Log", n -> n.name("plant").inputs("b").outputs("d"))
                .node("Relu", n -> n.name("act").inputs("d").outputs("e"))
                .node("Add", n -> n.name("out").inputs("e", "c").outputs("y"))
                .output("y", DType.FLOAT, 4)
                .build();
    }

    static Map<String, Tensor> input(float... v) {
        return Collections.singletonMap("x", Tensor.of(v, v.length));
    }

    @Test
    void stopsAtTheNodeThatFirstProducesNaN() {
        try (Session s = plantedNaN().newSession("cpu-ref");
             Debugger d = s.debug(input(1, 2, 0.25f, 3))) {
            assertEquals("scale", d.current().name());
            d.addBreakpoint(Breakpoint.onNonFinite());
            StopEvent e = d.continueRun();
            assertEquals(StopEvent.Reason.CONDITION, e.reason());
            assertEquals("plant", e.node());
            assertTrue(e.afterNode());
            assertTrue(Float.isNaN(d.tensor("d").floats()[2]));
            d.clearBreakpoints();
            assertTrue(d.continueRun().isFinished());
            assertEquals(4, d.result().get("y").size());
        }
    }

    @Test
    void stepsNodeByNodeAndShowsTheCurrentNode() {
        try (Session s = plantedNaN().newSession("cpu-ref"); Debugger d = s.debug(input(1, 2, 3, 4))) {
            NodeView v = d.current();
            assertEquals("Mul", v.opType());
            assertEquals(java.util.Arrays.asList("x", "w"), v.inputNames());
            assertEquals("float32[4]", v.inputTypes().get(0).toString());
            assertThrows(OndeckException.class, () -> d.tensor("a"));
            assertEquals("shift", d.step().node());
            assertArrayEquals(new float[] {2, 4, 6, 8}, d.tensor("a").floats());
            assertEquals("act", d.step(2).node());
            assertTrue(d.step(10).isFinished());
        }
    }

    @Test
    void breakpointsByNameAndOpTypeAndRunTo() {
        try (Session s = plantedNaN().newSession("cpu-ref"); Debugger d = s.debug(input(1, 2, 3, 4))) {
            d.addBreakpoint(Breakpoint.onOpType("Relu"));
            StopEvent e = d.continueRun();
            assertEquals(StopEvent.Reason.BREAKPOINT, e.reason());
            assertEquals("act", e.node());
            d.clearBreakpoints();
            d.restart();
            assertEquals("out", d.runTo("out").node());
            assertThrows(OndeckException.class, () -> d.runTo("no-such-node"));
            d.restart();
            d.addBreakpoint(Breakpoint.atNode("plant"));
            assertEquals("plant", d.continueRun().node());
        }
    }

    @Test
    void overrideChangesTheOutputExactlyAsTheDownstreamGraphOnTheOverride() {
        Tensor replacement = Tensor.of(new float[] {5, -1, 0.5f, 9}, 4);
        Tensor viaDebugger;
        try (Session s = plantedNaN().newSession("cpu-ref"); Debugger d = s.debug(input(1, 2, 3, 4))) {
            d.runTo("plant");
            d.override("b", replacement);
            d.continueRun();
            viaDebugger = d.result().get("y");
        }
        Model downstream = ModelBuilder.create().opset(13)
                .input("b", DType.FLOAT, 4)
                .initializer("c", Tensor.of(new float[] {1, 1, 1, 1}, 4))
                .node("Log", n -> n.inputs("b").outputs("d"))
                .node("Relu", n -> n.inputs("d").outputs("e"))
                .node("Add", n -> n.inputs("e", "c").outputs("y"))
                .output("y", DType.FLOAT, 4)
                .build();
        try (Session s = downstream.newSession("cpu-ref")) {
            Tensor expected = s.run(Collections.singletonMap("b", replacement)).get("y");
            assertArrayEquals(expected.floats(), viaDebugger.floats());
        }
        try (Session s = plantedNaN().newSession("cpu-ref")) {
            assertFalse(java.util.Arrays.equals(s.run(input(1, 2, 3, 4)).get("y").floats(), viaDebugger.floats()));
        }
    }

    @Test
    void stepsIntoIfBranches() {
        ModelBuilder.GraphBuilder then = new ModelBuilder.GraphBuilder("then")
                .node("Neg", n -> n.name("inner_neg").inputs("x").outputs("t")).output("t", DType.FLOAT, 2);
        ModelBuilder.GraphBuilder otherwise = new ModelBuilder.GraphBuilder("else")
                .node("Abs", n -> n.name("inner_abs").inputs("x").outputs("t2")).output("t2", DType.FLOAT, 2);
        Model m = ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 2).input("cond", DType.BOOL)
                .node("If", n -> n.name("branch").inputs("cond").outputs("y").attr("then_branch", then)
                        .attr("else_branch", otherwise))
                .output("y", DType.FLOAT, 2)
                .build();
        Map<String, Tensor> in = new java.util.HashMap<>();
        in.put("x", Tensor.of(new float[] {1, -2}, 2));
        in.put("cond", Tensor.ofBools(new boolean[] {true}));
        try (Session s = m.newSession("cpu-ref"); Debugger d = s.debug(in)) {
            assertEquals("branch", d.current().name());
            StopEvent inner = d.step();
            assertEquals("inner_neg", inner.node());
            assertEquals(1, inner.depth());
            assertArrayEquals(new float[] {1, -2}, d.tensor("x").floats());
            assertTrue(d.step().isFinished());
            assertArrayEquals(new float[] {-1, 2}, d.result().get("y").floats());
        }
    }
}
