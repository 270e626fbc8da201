package dev.ondeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeFamiliesTest {
    private static Tensor run(ModelBuilder b, Map<String, Tensor> inputs) {
        try (Session s = b.build().newSession("cpu-ref")) {
            return s.run(inputs).get(0);
        }
    }

    @Test
    void hugeShapesFailCleanlyAtRunTime() {
        long big = 1L << 20;
        Map<String, Tensor> in = Collections.singletonMap("x", Tensor.of(new long[] {big, big}, 2));
        OndeckException e = assertThrows(OndeckException.class,
                () -> run(ModelBuilder.create().opset(18).input("x", DType.INT64, 2)
                        .node("ConstantOfShape", n -> n.inputs("x").outputs("y")).output("y"), in));
        assertTrue(e.getMessage().contains("cap"), e.getMessage());
        Map<String, Tensor> tile = new HashMap<>();
        tile.put("x", Tensor.of(new float[] {1, 2}, 2));
        tile.put("r", Tensor.of(new long[] {1L << 40}, 1));
        assertThrows(OndeckException.class, () -> run(ModelBuilder.create().opset(18).input("x", DType.FLOAT, 2)
                .input("r", DType.INT64, 1).node("Tile", n -> n.inputs("x", "r").outputs("y")).output("y"), tile));
        Map<String, Tensor> range = new HashMap<>();
        range.put("a", Tensor.scalar(0L));
        range.put("b", Tensor.scalar(1L << 40));
        range.put("c", Tensor.scalar(1L));
        assertThrows(OndeckException.class, () -> run(ModelBuilder.create().opset(18).input("a", DType.INT64)
                .input("b", DType.INT64).input("c", DType.INT64)
                .node("Range", n -> n.inputs("a", "b", "c").outputs("y")).output("y"), range));
    }

    @Test
    void hugeExpandFromConstantFailsAtPrepare() {
        ModelBuilder b = ModelBuilder.create().opset(18).input("x", DType.FLOAT, 1)
                .initializer("s", Tensor.of(new long[] {1L << 20, 1L << 20}, 2))
                .node("Expand", n -> n.inputs("x", "s").outputs("y")).output("y");
        assertThrows(OndeckException.class, () -> b.build().newSession("cpu-ref").close());
    }

    @Test
    void sliceWithNegativeStepOnInt64() {
        Map<String, Tensor> in = new HashMap<>();
        in.put("x", Tensor.of(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10));
        in.put("s", Tensor.of(new long[] {Long.MAX_VALUE}, 1));
        in.put("e", Tensor.of(new long[] {Long.MIN_VALUE}, 1));
        in.put("t", Tensor.of(new long[] {-3}, 1));
        Tensor y = run(ModelBuilder.create().opset(13).input("x", DType.INT64, 10).input("s", DType.INT64, 1)
                .input("e", DType.INT64, 1).input("t", DType.INT64, 1)
                .node("Slice", n -> n.inputs("x", "s", "e", "", "t").outputs("y")).output("y"), in);
        assertArrayEquals(new long[] {9, 6, 3, 0}, y.longs());
    }

    @Test
    void wrapAndReflectPadOnInt32() {
        Map<String, Tensor> in = new HashMap<>();
        in.put("x", Tensor.of(new int[] {1, 2, 3}, 3));
        in.put("p", Tensor.of(new long[] {4, 2}, 2));
        ModelBuilder wrap = ModelBuilder.create().opset(19).input("x", DType.INT32, 3).input("p", DType.INT64, 2)
                .node("Pad", n -> n.inputs("x", "p").outputs("y").attr("mode", "wrap")).output("y");
        assertArrayEquals(new int[] {3, 1, 2, 3, 1, 2, 3, 1, 2}, run(wrap, in).ints());
        ModelBuilder reflect = ModelBuilder.create().opset(19).input("x", DType.INT32, 3).input("p", DType.INT64, 2)
                .node("Pad", n -> n.inputs("x", "p").outputs("y").attr("mode", "reflect")).output("y");
        assertArrayEquals(new int[] {1, 2, 3, 2, 1, 2, 3, 2, 1}, run(reflect, in).ints());
    }

    @Test
    void transposeAndGatherOnBool() {
        Map<String, Tensor> in = Collections.singletonMap("x", Tensor.ofBools(new boolean[] {true, false, false, true, true, false}, 2, 3));
        Tensor t = run(ModelBuilder.create().opset(13).input("x", DType.BOOL, 2, 3)
                .node("Transpose", n -> n.inputs("x").outputs("y")).output("y"), in);
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new byte[] {1, 1, 0, 1, 0, 0}, t.bytes());
        Tensor g = run(ModelBuilder.create().opset(13).input("x", DType.BOOL, 2, 3)
                .initializer("i", Tensor.of(new long[] {-1, 0}, 2))
                .node("Gather", n -> n.inputs("x", "i").outputs("y").attr("axis", 1L)).output("y"), in);
        assertArrayEquals(new byte[] {0, 1, 0, 1}, g.bytes());
    }

    @Test
    void uniqueAndTopKOnInt64() {
        Map<String, Tensor> in = Collections.singletonMap("x", Tensor.of(new long[] {5, 1, 5, 3, 1, 7}, 6));
        Tensor u = run(ModelBuilder.create().opset(11).input("x", DType.INT64, 6)
                .node("Unique", n -> n.inputs("x").outputs("y")).output("y"), in);
        assertArrayEquals(new long[] {1, 3, 5, 7}, u.longs());
        Tensor k = run(ModelBuilder.create().opset(11).input("x", DType.INT64, 6)
                .initializer("k", Tensor.of(new long[] {3}, 1))
                .node("TopK", n -> n.inputs("x", "k").outputs("v", "i")).output("i"), in);
        assertArrayEquals(new long[] {5, 0, 2}, k.longs());
    }
}
