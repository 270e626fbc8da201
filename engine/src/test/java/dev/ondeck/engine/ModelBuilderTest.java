package dev.ondeck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.onnx.OnnxDecoder;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.onnx.TensorCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBuilderTest {
    private static ModelBuilder addModel() {
        return ModelBuilder.create().opset(13).producer("test", "1.0")
                .input("x", DType.FLOAT, "batch", 3)
                .initializer("b", Tensor.of(new float[] {1, 2, 3}, 3))
                .node("Add", n -> n.name("add0").inputs("x", "b").outputs("y"))
                .output("y", DType.FLOAT, "batch", 3);
    }

    @Test
    void builtModelLoadsAndRuns() {
        Model m = addModel().build();
        assertEquals("x: float32[batch,3]", m.inputs().get(0).toString());
        assertEquals(Collections.singletonMap("", 13), m.opsets());
        assertEquals("test 1.0", m.producer());
        try (Session s = m.newSession("cpu-ref")) {
            Tensor y = s.run(Collections.singletonMap("x", Tensor.of(new float[] {1, 1, 1, 2, 2, 2}, 2, 3))).get("y");
            assertArrayEquals(new float[] {2, 3, 4, 3, 4, 5}, y.floats());
        }
    }

    @Test
    void saveWritesALoadableFile(@TempDir Path dir) throws Exception {
        Path f = addModel().save(dir.resolve("sub/add.onnx"));
        try (Model m = Model.load(f)) {
            assertEquals(1, m.nodes().size());
            assertEquals("add0", m.nodes().get(0).name());
        }
        assertEquals(Files.size(f), addModel().toBytes().length);
    }

    @Test
    void everyAttributeKindRoundTrips() {
        ModelBuilder.GraphBuilder branch = new ModelBuilder.GraphBuilder("branch")
                .node("Add", n -> n.inputs("x", "x").outputs("z")).output("z", DType.FLOAT, 3);
        Tensor t = Tensor.of(new long[] {-1, 0, 1L << 40}, 3);
        byte[] bytes = ModelBuilder.create().opset(17).opset("com.example", 2).irVersion(9).metadata("k", "v")
                .input("x", DType.INT64, "n", null, 7)
                .node("Custom", n -> n.domain("com.example").inputs("x", "").outputs("y")
                        .attr("i", -5).attr("f", 0.25f).attr("s", "héllo").attr("t", t).attr("g", branch)
                        .ints("is", 1, -2, 3).floats("fs", 0.5f, -1.5f).strings("ss", "a", "b"))
                .output("y")
                .toBytes();
        OnnxProto.Model m = OnnxDecoder.decodeModel(bytes);
        assertEquals(9, m.irVersion);
        assertEquals("v", m.metadata.get("k"));
        assertEquals(2, m.opsetImports.size());
        assertEquals("com.example", m.opsetImports.get(1).domain);
        OnnxProto.ValueInfo x = m.graph.inputs.get(0);
        assertEquals(7, x.type.elemType);
        assertEquals("n", x.type.shape.get(0).param);
        assertEquals(-1, x.type.shape.get(1).value);
        assertEquals(null, x.type.shape.get(1).param);
        assertEquals(7, x.type.shape.get(2).value);
        assertEquals(null, m.graph.outputs.get(0).type);
        OnnxProto.Node n = m.graph.nodes.get(0);
        assertEquals("com.example", n.domain);
        assertEquals(java.util.Arrays.asList("x", ""), n.inputs);
        assertEquals(8, n.attributes.size());
        assertEquals(-5, n.attributes.get(0).i);
        assertEquals(0.25f, n.attributes.get(1).f);
        assertEquals("héllo", new String(n.attributes.get(2).s, StandardCharsets.UTF_8));
        assertTrue(t.contentEquals(TensorCodec.decode(n.attributes.get(3).t, null, "t")));
        assertEquals("branch", n.attributes.get(4).g.name);
        assertEquals("Add", n.attributes.get(4).g.nodes.get(0).opType);
        assertArrayEquals(new long[] {1, -2, 3}, n.attributes.get(5).ints);
        assertArrayEquals(new float[] {0.5f, -1.5f}, n.attributes.get(6).floats);
        assertEquals("b", new String(n.attributes.get(7).strings.get(1), StandardCharsets.UTF_8));
        for (int i = 0; i < 8; i++) {
            assertTrue(n.attributes.get(i).type > 0, "attribute type code written");
        }
    }

    @Test
    void scalarAndUnknownRankInputs() {
        Model m = ModelBuilder.create().opset(13)
                .input("s", DType.DOUBLE)
                .inputOfUnknownRank("u", DType.DOUBLE)
                .node("Add", n -> n.inputs("s", "u").outputs("y"))
                .output("y")
                .build();
        assertEquals("float64[]", m.inputs().get(0).type().toString());
        assertEquals("float64[?]", m.inputs().get(1).type().toString());
    }

    @Test
    void everyDtypeInitializerRoundTrips() {
        for (DType d : DType.values()) {
            Tensor t = Tensor.allocate(d, 2, 2);
            for (int i = 0; i < 4; i++) {
                t.setLong(i, i + 1);
            }
            OnnxProto.Model m = OnnxDecoder.decodeModel(ModelBuilder.create().initializer("c", t)
                    .node("Add", n -> n.inputs("c", "c").outputs("y")).output("y").toBytes());
            assertTrue(t.contentEquals(TensorCodec.decode(m.graph.initializers.get(0), null, "c")), d.toString());
        }
    }
}
