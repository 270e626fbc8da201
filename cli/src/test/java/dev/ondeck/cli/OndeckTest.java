package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.onnx.OnnxEncoder;
import dev.ondeck.engine.onnx.TensorCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes and output of every command, on models built in the test. */
class OndeckTest {
    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one invocation. */
    static final class Run {
        final int code;
        final String out;
        final String err;

        Run(String... args) {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            code = Ondeck.execute(args, new PrintWriter(o), new PrintWriter(e));
            out = o.toString();
            err = e.toString();
        }

        Run expect(int expected, String... inOut) {
            assertEquals(expected, code, "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            for (String s : inOut) {
                assertTrue(out.contains(s), "stdout lacks '" + s + "':\n" + out);
            }
            return this;
        }

        Run err(String... inErr) {
            for (String s : inErr) {
                assertTrue(err.contains(s), "stderr lacks '" + s + "':\n" + err);
            }
            return this;
        }
    }

    /** y = x + b, then a Relu; input x float32[batch,3], outputs "sum/out" and "relu". */
    private Path model() throws Exception {
        return ModelBuilder.create().opset(13).producer("ondeck-test", "7")
                .input("x", DType.FLOAT, "batch", 3)
                .initializer("b", Tensor.of(new float[] {1, -2, 3}, 3))
                .node("Add", n -> n.name("add").inputs("x", "b").outputs("sum/out"))
                .node("Relu", n -> n.name("relu").inputs("sum/out").outputs("relu"))
                .output("sum/out", DType.FLOAT, "batch", 3)
                .output("relu", DType.FLOAT, "batch", 3)
                .save(dir.resolve("m.onnx"));
    }

    @Test
    void versionAndUsage() {
        new Run("--version").expect(0, "ondeck 0.1.0");
        new Run().expect(2).err("missing command", "Usage: ondeck");
        new Run("--bogus").expect(2).err("Unknown option");
        new Run("frobnicate").expect(2).err("frobnicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "run", "profile", "diff", "conformance", "demo", "backends"})
    void everyCommandHasHelp(String command) {
        new Run(command, "--help").expect(0, "Usage: ondeck " + command);
    }

    @Test
    void info() throws Exception {
        Path m = model();
        new Run("info", m.toString()).expect(0, "ir version  8", "producer    ondeck-test 7", "ai.onnx 13",
                "x  float32[batch,3]", "sum/out  float32[batch,3]", "parameters  3 (12 B in 1 initializers)",
                "2 nodes, 2 op types", "Add", "Relu", "FLOPs (static shapes only)");
        new Run("info", m.toString(), "--dim", "batch=4").expect(0, "FLOPs       24 FLOPs per run");
    }

    @Test
    void errorsExitOneWithoutStackTraceUnlessDebug() throws Exception {
        Run r = new Run("info", dir.resolve("missing.onnx").toString()).expect(1).err("ondeck: error: no such file");
        assertFalse(r.err.contains("\tat "), r.err);
        new Run("--debug", "info", dir.resolve("missing.onnx").toString()).expect(1).err("\tat ");
        new Run("info", dir.resolve("missing.onnx").toString(), "--debug").expect(1).err("\tat ");
        new Run("info", dir.toString()).expect(1).err(dir + " is a folder");
        Path bad = Files.write(dir.resolve("bad.onnx"), new byte[] {0x0A, 0x01, 0x07});
        new Run("info", bad.toString()).expect(1).err("ModelProto.ir_version", "expected wire type 0");
        Path custom = ModelBuilder.create().opset(13).opset("com.example", 1).input("x", DType.FLOAT, 1)
                .node("Twiddle", n -> n.name("t").domain("com.example").inputs("x").outputs("y")).output("y")
                .save(dir.resolve("custom.onnx"));
        new Run("info", custom.toString()).expect(1, "opsets      ai.onnx 13, com.example 1", "com.example::Twiddle")
                .err("Twiddle (domain com.example, opset 1) at nodes [t]");
    }

    @Test
    void runWritesEachOutputAsNpy() throws Exception {
        Path m = model();
        Path x = dir.resolve("x.npy");
        Tensor.of(new float[] {0, 0, 0, 1, 1, 1}, 2, 3).toNpy(x);
        Path outDir = dir.resolve("new/out");
        new Run("run", m.toString(), "--input", "x=" + x, "--output-dir", outDir.toString(), "--backend", "cpu-ref")
                .expect(0, "sum/out  float32[2, 3]", "ran on cpu-ref");
        assertArrayEquals(new float[] {1, -2, 3, 2, -1, 4}, Tensor.fromNpy(outDir.resolve("sum_out.npy")).floats());
        assertArrayEquals(new float[] {1, 0, 3, 2, 0, 4}, Tensor.fromNpy(outDir.resolve("relu.npy")).floats());
    }

    @Test
    void runRefusesBadInputs() throws Exception {
        Path m = model();
        Path x = dir.resolve("x.npy");
        Tensor.of(new float[] {0, 0}, 1, 2).toNpy(x);
        String out = dir.resolve("out").toString();
        new Run("run", m.toString(), "--input", "y=" + x, "-o", out).expect(1).err("unknown input 'y'", "[x]");
        new Run("run", m.toString(), "--input", "x=" + x, "-o", out).expect(1).err("input 'x'", "expected shape [batch,3]", "found [1, 2]");
        new Run("run", m.toString(), "--input", "x=" + dir.resolve("nope.npy"), "-o", out).expect(1).err("no such file");
        new Run("run", m.toString(), "--input", "x=" + x).expect(2).err("--output-dir");
        new Run("run", m.toString(), "--input", "novalue", "-o", out).expect(2).err("NAME=FILE.npy");
        new Run("run", m.toString(), "--input", "x=" + x, "-o", out, "--backend", "warp-drive").expect(1)
                .err("unknown backend 'warp-drive'", "cpu-ref");
    }

    @Test
    void outputFileNamesAreSafeAndUnique() {
        java.util.Set<String> used = new java.util.HashSet<>();
        assertEquals("a_b.npy", RunCommand.uniqueFileName("a/b", used));
        assertEquals("a_b_2.npy", RunCommand.uniqueFileName("a:b", used));
        assertEquals("_...npy", RunCommand.uniqueFileName("..", used));
    }

    private void writeCase(Path caseDir, float[] expected) throws Exception {
        ModelBuilder.create().opset(13).input("x", DType.FLOAT, 3).initializer("b", Tensor.of(new float[] {1, 2, 3}, 3))
                .node("Add", n -> n.inputs("x", "b").outputs("y")).output("y", DType.FLOAT, 3)
                .save(caseDir.resolve("model.onnx"));
        Path set = Files.createDirectories(caseDir.resolve("test_data_set_0"));
        Files.write(set.resolve("input_0.pb"), OnnxEncoder.encodeTensor(TensorCodec.encode(Tensor.of(new float[] {1, 1, 1}, 3), "x")));
        Files.write(set.resolve("output_0.pb"), OnnxEncoder.encodeTensor(TensorCodec.encode(Tensor.of(expected, 3), "y")));
    }

    @Test
    void conformance() throws Exception {
        Path cases = dir.resolve("cases");
        writeCase(cases.resolve("test_add_good"), new float[] {2, 3, 4});
        writeCase(cases.resolve("test_add_bad"), new float[] {2, 3, 5});
        Files.createDirectories(cases.resolve("test_empty"));
        Files.write(cases.resolve("test_empty/model.onnx"), ModelBuilder.create().input("x", DType.FLOAT, 1)
                .node("Add", n -> n.inputs("x", "x").outputs("y")).output("y").toBytes());
        Path report = dir.resolve("r/report.json");
        Run r = new Run("conformance", cases.toString(), "--backend", "cpu-ref", "--report", report.toString())
                .expect(0, "PASSED  test_add_good", "FAILED  test_add_bad", "element 2 is 4.0", "expected 5.0",
                        "SKIPPED test_empty", "1 passed, 1 failed, 1 skipped");
        assertTrue(r.out.indexOf("test_add_bad") < r.out.indexOf("test_add_good"), "sorted by name");
        String json = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"passed\": 1") && json.contains("\"name\": \"test_add_bad\", \"status\": \"failed\""), json);
        new Run("conformance", cases.toString(), "--fail-on-failure").expect(1, "1 passed, 1 failed");
        Path list = Files.write(dir.resolve("list.txt"), "test_add_good\n# a comment\ntest_gone\n".getBytes(StandardCharsets.UTF_8));
        new Run("conformance", cases.toString(), "--list", list.toString(), "--fail-on-failure", "--tolerance", "model")
                .expect(0, "1 passed, 0 failed, 0 skipped").err("1 case(s)", "not found: test_gone");
        new Run("conformance", cases.toString(), "--tolerance", "loose").expect(2).err("node or model");
        new Run("conformance").expect(2).err("DIR");
        new Run("conformance", dir.resolve("nowhere").toString()).expect(1).err("not a folder");
    }

    @Test
    void backends() {
        new Run("backends").expect(0, "cpu-ref", "available");
    }

    @Test
    void demoOnTheDigits() {
        new Run("demo", "--only", "digits", "--backend", "cpu-ref", "--html", dir.resolve("d.html").toString())
                .expect(0, "digits CNN", "true      1 5 6 7", "accuracy 23/24", "d.html (0 charts)");
    }

    @Test
    void demoProfilesMobileNetV2() throws Exception {
        Path png = dir.resolve("images/profile.png");
        new Run("demo", "--only", "mobilenet", "--runs", "1", "--backend", "cpu-ref", "--html",
                dir.resolve("m.html").toString(), "--png", png.toString())
                .expect(0, "MobileNetV2 (built in code, seed 42): 153 nodes", "top-5 classes:", "time per op type",
                        "Conv", "BatchNormalization", "m.html (4 charts)", "profile.png");
        assertTrue(Files.size(png) > 1000, "chart written");
        new Run("demo", "--only", "everything").expect(2).err("all, digits, mobilenet");
    }
}
