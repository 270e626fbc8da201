package dev.ondeck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.onnx.OnnxEncoder;
import dev.ondeck.engine.onnx.OnnxProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and unsupported models are refused at load with a typed exception saying what and where. */
class ModelLoadErrorsTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** y = x + w, w a float32[2,3] initializer. */
    private static ModelBuilder addModel() {
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 2, 3)
                .initializer("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                .node("Add", n -> n.name("add").inputs("x", "w").outputs("y"))
                .output("y", DType.FLOAT, 2, 3);
    }

    private static <T extends Throwable> T refused(Class<T> type, Executable load, String... parts) {
        T e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(type, load));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
        return e;
    }

    private static byte[] withInitializer(Consumer<OnnxProto.TensorData> edit) {
        ModelBuilder b = addModel();
        OnnxProto.Model m = b.toProto();
        edit.accept(m.graph.initializers.get(0));
        return OnnxEncoder.encodeModel(m);
    }

    @Test
    void truncatedFile() {
        byte[] whole = addModel().toBytes();
        for (int cut : new int[] {whole.length / 2, whole.length - 1, 3}) {
            byte[] part = Arrays.copyOf(whole, cut);
            ModelFormatException e = refused(ModelFormatException.class, () -> Model.fromBytes(part, null));
            assertTrue(e.getMessage().matches("(?s).*(truncated|exceeds|missing).*"), e.getMessage());
        }
        refused(ModelFormatException.class, () -> Model.fromBytes(new byte[0], null), "empty file");
    }

    @Test
    void wrongWireType() {
        byte[] bytes = {0x0A, 0x01, 0x07};  // field 1 (ir_version, a varint) sent length-delimited
        ModelFormatException e = refused(ModelFormatException.class, () -> Model.fromBytes(bytes, null),
                "ModelProto.ir_version", "expected wire type 0 (varint)", "found 2 (length-delimited)");
        assertEquals("ModelProto.ir_version", e.field());
    }

    @Test
    void negativeDimsOnAnInitializer() {
        byte[] bytes = withInitializer(t -> t.dims = new long[] {-2, 3});
        refused(SizeLimitException.class, () -> Model.fromBytes(bytes, null), "initializer 'w'", "negative dimension -2");
    }

    @Test
    void hugeDimsOnAnInitializerAreRefusedBeforeAllocating() {
        byte[] bytes = withInitializer(t -> t.dims = new long[] {1L << 20, 1L << 20});
        refused(SizeLimitException.class, () -> Model.fromBytes(bytes, null), "initializer 'w'", "[1048576, 1048576]",
                "element cap");
        byte[] single = withInitializer(t -> t.dims = new long[] {1L << 40});
        refused(SizeLimitException.class, () -> Model.fromBytes(single, null), "1099511627776", "element cap");
    }

    @Test
    void initializerDimsDisagreeingWithItsData() {
        byte[] raw = withInitializer(t -> t.dims = new long[] {2, 4});
        refused(ModelFormatException.class, () -> Model.fromBytes(raw, null),
                "initializer 'w'", "raw_data has 24 bytes", "[2, 4]", "need 32");
        byte[] typed = withInitializer(t -> {
            t.rawData = null;
            t.floatData = new float[] {1, 2, 3};
        });
        refused(ModelFormatException.class, () -> Model.fromBytes(typed, null),
                "initializer 'w'", "float_data has 3 values, dims need 6");
    }

    @Test
    void externalDataOutsideTheModelFolder(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("x.bin"), new byte[24]);
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        for (String location : new String[] {"../x.bin", dir.resolve("x.bin").toString(), "sub/../../x.bin"}) {
            Path file = modelDir.resolve("m.onnx");
            Files.write(file, withInitializer(t -> {
                t.rawData = null;
                t.dataLocation = 1;
                t.externalData.put("location", location);
            }));
            refused(ModelFormatException.class, () -> Model.load(file), "initializer 'w'", "'" + location + "'",
                    "escapes the model's folder");
        }
    }

    @Test
    void externalDataThroughASymlinkOutsideTheModelFolder(@TempDir Path dir) throws Exception {
        Path outside = Files.write(dir.resolve("secret.bin"), new byte[24]);
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        Files.createSymbolicLink(modelDir.resolve("w.bin"), outside);
        Files.createSymbolicLink(modelDir.resolve("up"), dir);
        for (String location : new String[] {"w.bin", "up/secret.bin"}) {
            Path file = modelDir.resolve("m.onnx");
            Files.write(file, withInitializer(t -> {
                t.rawData = null;
                t.dataLocation = 1;
                t.externalData.put("location", location);
            }));
            refused(ModelFormatException.class, () -> Model.load(file), "'" + location + "'", "escapes the model's folder");
        }
    }

    @Test
    void missingExternalDataFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.onnx");
        Files.write(file, withInitializer(t -> {
            t.rawData = null;
            t.dataLocation = 1;
            t.externalData.put("location", "weights.bin");
        }));
        refused(ModelFormatException.class, () -> Model.load(file), "initializer 'w'", "'weights.bin' not found");
    }

    @Test
    void externalDataInsideTheFolderLoads(@TempDir Path dir) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i * 10);
        }
        Files.write(dir.resolve("w.bin"), b.array());
        Path file = dir.resolve("m.onnx");
        Files.write(file, withInitializer(t -> {
            t.rawData = null;
            t.dataLocation = 1;
            t.externalData.put("location", "w.bin");
        }));
        try (Model m = Model.load(file)) {
            assertEquals(50f, m.graph().initializers().get("w").floats()[5]);
        }
    }

    @Test
    void cycleInTheGraph() {
        byte[] bytes = ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 2)
                .node("Add", n -> n.name("first").inputs("x", "b").outputs("a"))
                .node("Add", n -> n.name("second").inputs("a", "x").outputs("b"))
                .output("b", DType.FLOAT, 2)
                .toBytes();
        refused(ModelFormatException.class, () -> Model.fromBytes(bytes, null), "cycle", "first (Add)", "second (Add)");
    }

    @Test
    void nodeInputThatNothingProduces() {
        byte[] bytes = ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 2)
                .node("Add", n -> n.name("add").inputs("x", "bias").outputs("y"))
                .output("y", DType.FLOAT, 2)
                .toBytes();
        refused(ModelFormatException.class, () -> Model.fromBytes(bytes, null),
                "'add' (Add)", "input 'bias' is not produced", "missing initializer");
    }

    @Test
    void everyUnsupportedOpIsListedAtOnce() {
        byte[] bytes = ModelBuilder.create().opset(13).opset("com.example", 3)
                .input("x", DType.FLOAT, 2)
                .node("Frobnicate", n -> n.name("f1").inputs("x").outputs("a"))
                .node("Add", n -> n.name("ok").inputs("a", "x").outputs("b"))
                .node("Frobnicate", n -> n.name("f2").inputs("b").outputs("c"))
                .node("Twiddle", n -> n.name("t1").domain("com.example").inputs("c").outputs("y"))
                .output("y", DType.FLOAT, 2)
                .toBytes();
        UnsupportedOpsException e = refused(UnsupportedOpsException.class, () -> Model.fromBytes(bytes, null),
                "Frobnicate (domain ai.onnx, opset 13) at nodes [f1, f2]",
                "Twiddle (domain com.example, opset 3) at nodes [t1]");
        assertEquals(2, e.missing().size());
        assertEquals(Arrays.asList("f1", "f2"), e.missing().get(0).nodes);
        assertEquals("com.example", e.missing().get(1).domain);
    }

    @Test
    void opOfADomainTheModelDoesNotImport() {
        byte[] bytes = ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 2)
                .node("Twiddle", n -> n.name("t1").domain("com.example").inputs("x").outputs("y"))
                .output("y", DType.FLOAT, 2)
                .toBytes();
        refused(UnsupportedOpsException.class, () -> Model.fromBytes(bytes, null), "Twiddle", "com.example", "t1");
    }

    @Test
    void customOpModelsAreRefusedNamingEachOpAndDomain() {
        Path dir = SharedData.require("models/real/_excluded_custom_ops");
        String[][] expected = {
            {"super-resolution-supres.onnx", "SuperResolutionPreProcess", "SuperResolutionPostProcess", "ai.onnx.contrib"},
            {"superres_with_prepost_op18.onnx", "DecodeImage", "EncodeImage", "com.microsoft.extensions"},
        };
        for (String[] c : expected) {
            Path file = dir.resolve(c[0]);
            UnsupportedOpsException e = refused(UnsupportedOpsException.class, () -> Model.load(file),
                    c[1] + " (domain " + c[3], c[2] + " (domain " + c[3]);
            for (UnsupportedOpsException.Missing m : e.missing()) {
                assertEquals(c[3], m.domain, m.toString());
            }
        }
    }
}
