package dev.ondeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** If, Loop and Scan beyond the backend cases: outer-scope reads, cond-only and zero-trip loops, scan axes and directions. */
class ControlFlowOpsTest {
    private static Result run(Model m, Map<String, Tensor> feeds) {
        try (Session s = m.newSession("cpu-ref")) {
            return s.run(feeds);
        }
    }

    @Test
    void ifRunsTheChosenBranchReadingOuterValues() {
        ModelBuilder.GraphBuilder thenB = new ModelBuilder.GraphBuilder("then")
                .node("Add", n -> n.inputs("x", "x").outputs("a")).output("a");
        ModelBuilder.GraphBuilder elseB = new ModelBuilder.GraphBuilder("else")
                .node("Mul", n -> n.inputs("x", "x").outputs("b")).node("Concat", n -> n.inputs("b", "b").outputs("c").attr("axis", 0L))
                .output("c");
        Model m = ModelBuilder.create().opset(16).input("c", DType.BOOL).input("x", DType.FLOAT, 2)
                .node("If", n -> n.inputs("c").outputs("y").attr("then_branch", thenB).attr("else_branch", elseB))
                .output("y").build();
        Map<String, Tensor> f = new HashMap<>();
        f.put("x", Tensor.of(new float[] {3, -2}, 2));
        f.put("c", Tensor.ofBools(new boolean[] {true}));
        assertArrayEquals(new float[] {6, -4}, run(m, f).get("y").floats());
        f.put("c", Tensor.ofBools(new boolean[] {false}));
        Tensor y = run(m, f).get("y");
        assertArrayEquals(new int[] {4}, y.shape());
        assertArrayEquals(new float[] {9, 4, 9, 4}, y.floats());
    }

    /** A loop whose body adds the iteration number to v and continues while i < 2; M is optional. */
    private static Model loop(boolean withM) {
        ModelBuilder.GraphBuilder body = new ModelBuilder.GraphBuilder("body")
                .input("i", DType.INT64).input("cond", DType.BOOL).input("v", DType.INT64, 1)
                .initializer("two", Tensor.scalar(2L))
                .node("Add", n -> n.inputs("v", "i").outputs("v2"))
                .node("Less", n -> n.inputs("i", "two").outputs("c2"))
                .node("Identity", n -> n.inputs("v2").outputs("scan"))
                .output("c2", DType.BOOL).output("v2", DType.INT64, 1).output("scan", DType.INT64, 1);
        return ModelBuilder.create().opset(16).input("M", DType.INT64).input("c0", DType.BOOL).input("v0", DType.INT64, 1)
                .node("Loop", n -> n.inputs(withM ? "M" : "", "c0", "v0").outputs("vf", "vs").attr("body", body))
                .output("vf").output("vs").build();
    }

    @Test
    void loopRunsUntilCondIsFalseAndStacksScanOutputs() {
        Map<String, Tensor> f = new HashMap<>();
        f.put("M", Tensor.scalar(10L));
        f.put("c0", Tensor.ofBools(new boolean[] {true}));
        f.put("v0", Tensor.of(new long[] {5}, 1));
        Result r = run(loop(false), f);
        assertArrayEquals(new long[] {8}, r.get("vf").longs());
        assertArrayEquals(new int[] {3, 1}, r.get("vs").shape());
        assertArrayEquals(new long[] {5, 6, 8}, r.get("vs").longs());
        f.put("M", Tensor.scalar(0L));
        r = run(loop(true), f);
        assertArrayEquals(new long[] {5}, r.get("vf").longs());
        assertArrayEquals(new int[] {0, 1}, r.get("vs").shape());
    }

    @Test
    void scanHonoursInputAndOutputAxesAndDirections() {
        ModelBuilder.GraphBuilder body = new ModelBuilder.GraphBuilder("body")
                .input("s", DType.FLOAT, 2).input("xi", DType.FLOAT, 2)
                .node("Add", n -> n.inputs("s", "xi").outputs("s2"))
                .node("Mul", n -> n.inputs("s2", "xi").outputs("y"))
                .output("s2", DType.FLOAT, 2).output("y", DType.FLOAT, 2);
        Model m = ModelBuilder.create().opset(16).input("s0", DType.FLOAT, 2).input("x", DType.FLOAT, 2, 3)
                .node("Scan", n -> n.inputs("s0", "x").outputs("sf", "ys").attr("body", body).attr("num_scan_inputs", 1L)
                        .ints("scan_input_axes", 1).ints("scan_input_directions", 1)
                        .ints("scan_output_axes", -1).ints("scan_output_directions", 1))
                .output("sf").output("ys").build();
        Map<String, Tensor> f = new HashMap<>();
        f.put("s0", Tensor.of(new float[] {0, 10}, 2));
        f.put("x", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        Result r = run(m, f);
        assertArrayEquals(new float[] {6, 25}, r.get("sf").floats());
        assertArrayEquals(new int[] {2, 3}, r.get("ys").shape());
        assertArrayEquals(new float[] {6, 10, 9, 100, 105, 96}, r.get("ys").floats());
    }

    @Test
    void opset8ScanRunsEachBatchRowForItsLengthAndPadsWithZeros() {
        ModelBuilder.GraphBuilder body = new ModelBuilder.GraphBuilder("body")
                .input("s", DType.FLOAT, 2).input("xi", DType.FLOAT, 2)
                .node("Add", n -> n.inputs("s", "xi").outputs("s2"))
                .node("Identity", n -> n.inputs("s2").outputs("y"))
                .output("s2", DType.FLOAT, 2).output("y", DType.FLOAT, 2);
        Model m = ModelBuilder.create().opset(8).input("lens", DType.INT32, 2).input("s0", DType.FLOAT, 2, 2)
                .input("x", DType.FLOAT, 2, 3, 2)
                .node("Scan", n -> n.inputs("lens", "s0", "x").outputs("sf", "ys").attr("body", body)
                        .attr("num_scan_inputs", 1L).ints("directions", 1))
                .output("sf").output("ys").build();
        Map<String, Tensor> f = new HashMap<>();
        f.put("lens", Tensor.of(new int[] {2, 0}, 2));
        f.put("s0", Tensor.of(new float[] {0, 0, 5, 5}, 2, 2));
        f.put("x", Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7}, 2, 3, 2));
        Result r = run(m, f);
        assertArrayEquals(new float[] {4, 6, 5, 5}, r.get("sf").floats());
        assertArrayEquals(new int[] {2, 3, 2}, r.get("ys").shape());
        assertArrayEquals(new float[] {3, 4, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0}, r.get("ys").floats());
    }
}
