package dev.ondeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The float32 fast paths (im2col + GEMM, depthwise, pooling) against the generic float64 paths. */
class ConvFamilyTest {
    private static final Random RANDOM = new Random(7);

    private static Tensor random(DType t, int... shape) {
        Tensor x = Tensor.allocate(t, shape);
        for (int i = 0; i < x.size(); i++) {
            x.setDouble(i, t.isFloating() ? RANDOM.nextGaussian() : RANDOM.nextInt(7) - 3);
        }
        return x;
    }

    private static Tensor convert(Tensor src, DType t) {
        Tensor y = Tensor.allocate(t, src.shape());
        for (int i = 0; i < y.size(); i++) {
            y.setDouble(i, src.getDouble(i));
        }
        return y;
    }

    private static Tensor run(String op, Consumer<ModelBuilder.NodeBuilder> attrs, Tensor... inputs) {
        ModelBuilder b = ModelBuilder.create().opset(19);
        String[] names = new String[inputs.length];
        Map<String, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            names[i] = "in" + i;
            Object[] dims = new Object[inputs[i].rank()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = inputs[i].dim(d);
            }
            b.input(names[i], inputs[i].dtype(), dims);
            feeds.put(names[i], inputs[i]);
        }
        b.node(op, n -> attrs.accept(n.inputs(names).outputs("y"))).output("y");
        try (Session s = b.build().newSession("cpu-ref")) {
            return s.run(feeds).get("y");
        }
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shapeView(), actual.shapeView());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            assertEquals(e, actual.getDouble(i), 1e-4 * (1 + Math.abs(e)), "element " + i);
        }
    }

    /** Runs an op on float32 inputs and on the same values as float64; the results must agree. */
    private static void floatMatchesDouble(String op, Consumer<ModelBuilder.NodeBuilder> attrs, Tensor... floats) {
        Tensor[] doubles = new Tensor[floats.length];
        for (int i = 0; i < floats.length; i++) {
            doubles[i] = convert(floats[i], DType.DOUBLE);
        }
        assertClose(run(op, attrs, doubles), run(op, attrs, floats));
    }

    @Test
    void convFastPathsMatchDirectConvolution() {
        floatMatchesDouble("Conv", n -> n.ints("pads", 1, 2, 0, 1).ints("strides", 2, 1).ints("dilations", 1, 2),
                random(DType.FLOAT, 2, 6, 9, 11), random(DType.FLOAT, 4, 6, 3, 3), random(DType.FLOAT, 4));
        floatMatchesDouble("Conv", n -> n.attr("group", 3).attr("auto_pad", "SAME_LOWER"),
                random(DType.FLOAT, 1, 6, 7, 8), random(DType.FLOAT, 9, 2, 3, 2));
        floatMatchesDouble("Conv", n -> n.attr("group", 5).ints("pads", 1, 1, 1, 1).ints("strides", 2, 2),
                random(DType.FLOAT, 1, 5, 9, 9), random(DType.FLOAT, 5, 1, 3, 3), random(DType.FLOAT, 5));
        floatMatchesDouble("Conv", n -> { }, random(DType.FLOAT, 1, 8, 5, 5), random(DType.FLOAT, 70, 8, 1, 1));
        floatMatchesDouble("Conv", n -> n.ints("pads", 1, 0, 1, 1, 0, 1),
                random(DType.FLOAT, 1, 2, 4, 5, 6), random(DType.FLOAT, 3, 2, 2, 3, 2));
        floatMatchesDouble("Conv", n -> n.ints("strides", 3), random(DType.FLOAT, 2, 3, 20), random(DType.FLOAT, 2, 3, 4));
    }

    @Test
    void poolingFastPathsMatchGenericPath() {
        floatMatchesDouble("MaxPool", n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1),
                random(DType.FLOAT, 2, 3, 9, 10));
        floatMatchesDouble("AveragePool", n -> n.ints("kernel_shape", 3, 2).ints("pads", 1, 0, 1, 1).attr("ceil_mode", 1L)
                .ints("strides", 2, 2), random(DType.FLOAT, 1, 2, 8, 7));
        floatMatchesDouble("AveragePool", n -> n.ints("kernel_shape", 2, 2, 2).attr("count_include_pad", 1L)
                .ints("pads", 1, 1, 1, 0, 0, 0), random(DType.FLOAT, 1, 2, 3, 4, 5));
    }

    @Test
    void matMulAndGemmMatchGenericPaths() {
        floatMatchesDouble("MatMul", n -> { }, random(DType.FLOAT, 3, 1, 70, 130), random(DType.FLOAT, 4, 130, 9));
        floatMatchesDouble("MatMul", n -> { }, random(DType.FLOAT, 2, 6, 300), random(DType.FLOAT, 300, 260));
        floatMatchesDouble("MatMul", n -> { }, random(DType.FLOAT, 5), random(DType.FLOAT, 2, 5, 3));
        floatMatchesDouble("Gemm", n -> n.attr("transA", 1L).attr("transB", 1L).attr("alpha", 0.5f).attr("beta", 2f),
                random(DType.FLOAT, 40, 9), random(DType.FLOAT, 33, 40), random(DType.FLOAT, 33));
        floatMatchesDouble("Gemm", n -> n.attr("transB", 1L), random(DType.FLOAT, 2, 17), random(DType.FLOAT, 5, 17),
                random(DType.FLOAT, 2, 1));
        Tensor a = random(DType.INT32, 4, 6);
        Tensor b = random(DType.INT32, 6, 3);
        assertClose(run("MatMul", n -> { }, convert(a, DType.FLOAT), convert(b, DType.FLOAT)), run("MatMul", n -> { }, a, b));
    }
}
