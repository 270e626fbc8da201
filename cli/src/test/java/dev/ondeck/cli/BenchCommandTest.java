package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ondeck bench}: arguments, printed numbers, JSON fields, errors, and --vs-ort where the build has ONNX Runtime. */
class BenchCommandTest {
    @TempDir
    Path dir;

    /** x float32[batch,16] -> MatMul(16x16) -> Relu -> Softmax: small, with a symbolic dim the bench fixes. */
    private Path model() throws Exception {
        float[] w = new float[16 * 16];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) / 10f;
        }
        return ModelBuilder.create().opset(13).input("x", DType.FLOAT, "batch", 16)
                .initializer("w", Tensor.of(w, 16, 16))
                .node("MatMul", n -> n.inputs("x", "w").outputs("h"))
                .node("Relu", n -> n.inputs("h").outputs("r"))
                .node("Softmax", n -> n.inputs("r").outputs("y"))
                .output("y", DType.FLOAT, "batch", 16)
                .save(dir.resolve("small.onnx"));
    }

    @Test
    void printsMedianP90MinAndWritesJson() throws Exception {
        Path json = dir.resolve("out/bench.json");
        OndeckTest.Run r = new OndeckTest.Run("bench", model().toString(), "--backend", "cpu-portable", "--threads", "1",
                "--warmup", "2", "--runs", "5", "--shape", "x=4,16", "--json", json.toString())
                .expect(0, "on cpu-portable, 1 thread, 2 warm-up + 5 timed runs", "median", "p90", "min", "activations: peak live",
                        "machine: ", "bench JSON: " + json);
        String text = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
        assertEquals("\"cpu-portable\"", field(text, "backend"));
        assertEquals("1", field(text, "threads"));
        assertEquals("5", field(text, "runs"));
        assertTrue(field(text, "model").endsWith("small.onnx\""), text);
        double median = Double.parseDouble(field(text, "median_ms"));
        double p90 = Double.parseDouble(field(text, "p90_ms"));
        double min = Double.parseDouble(field(text, "min_ms"));
        assertTrue(min > 0 && min <= median && median <= p90, text);
        assertEquals(Long.toString(2 * 4 * 16 * 4), field(text, "peak_activation_bytes"), "two float32[4,16] values live at once");
        assertTrue(text.contains("\"machine\": {") && text.contains("\"cores\": ") && text.contains("\"jdk\": "), text);
        assertTrue(!text.contains("ort_median_ms"), text);
        assertTrue(r.out.contains("arena"), r.out);
        assertTrue(r.out.contains("JIT: "), r.out);
        assertTrue(Integer.parseInt(field(text, "settle_runs")) % 10 == 0, "whole batches of at least 10: " + text);
        assertTrue(Long.parseLong(field(text, "jit_ms_during_runs")) >= 0, text);
    }

    @Test
    void noSettleWarmsUpExactlyW() throws Exception {
        Path json = dir.resolve("out/nosettle.json");
        new OndeckTest.Run("bench", model().toString(), "--backend", "cpu-portable", "--warmup", "1", "--runs", "2",
                "--shape", "x=4,16", "--no-settle", "--json", json.toString())
                .expect(0, "1 warm-up + 2 timed runs", "JIT: 0 more warm-up runs");
        assertEquals("0", field(new String(Files.readAllBytes(json), StandardCharsets.UTF_8), "settle_runs"));
    }

    @Test
    void aModelFolderMeansItsModelOnnx() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("m"));
        Files.move(model(), folder.resolve("model.onnx"));
        new OndeckTest.Run("bench", folder.toString(), "--backend", "cpu-ref", "--warmup", "0", "--runs", "1")
                .expect(0, "model.onnx on cpu-ref");
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        String m = model().toString();
        new OndeckTest.Run("bench", m, "--runs", "0").expect(Ondeck.USAGE)
                .err("need --runs >= 1, --warmup >= 0 and --threads >= 1, got --runs 0");
        new OndeckTest.Run("bench", m, "--threads", "0").expect(Ondeck.USAGE).err("--threads 0");
        new OndeckTest.Run("bench", m, "--vs-ort", "--device", "emulator-5554").expect(Ondeck.USAGE)
                .err("--vs-ort runs ONNX Runtime on this machine; it cannot be combined with --device");
        new OndeckTest.Run("bench", m, "--runs", "many").expect(Ondeck.USAGE).err("--runs");
    }

    @Test
    void badInputsNameWhatWasExpected() throws Exception {
        String m = model().toString();
        Path wrong = dir.resolve("wrong.npy");
        Tensor.allocate(DType.FLOAT, 2, 5).toNpy(wrong);
        new OndeckTest.Run("bench", m, "--input", "y=" + wrong).expect(Ondeck.ERROR).err("unknown input 'y'; expected one of [x]");
        new OndeckTest.Run("bench", m, "--input", "x=" + wrong).expect(Ondeck.ERROR).err("input 'x'", "[2, 5]");
        new OndeckTest.Run("bench", dir.resolve("none.onnx").toString()).expect(Ondeck.ERROR).err("no such file");
        new OndeckTest.Run("bench", m, "--backend", "tpu").expect(Ondeck.ERROR).err("tpu");
    }

    /** In CI the reactor builds benchmarks (and with it benchmarks/target/ort) before the CLI. */
    @Test
    void vsOrtAlternatesWithOnnxRuntimeAndWritesTheRatio() throws Exception {
        Assumptions.assumeTrue(OrtBaseline.available() || "true".equals(System.getenv("CI")),
                "no ONNX Runtime in " + OrtBaseline.folder() + " (./mvnw -pl benchmarks -am package -DskipTests)");
        Path json = dir.resolve("ort.json");
        new OndeckTest.Run("bench", model().toString(), "--backend", "cpu-portable", "--warmup", "2", "--runs", "4",
                "--shape", "x=2,16", "--vs-ort", "--json", json.toString())
                .expect(0, "onnxruntime    median", "ratio of medians cpu-portable / onnxruntime: ", "onnxruntime 1.");
        String text = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
        double ours = Double.parseDouble(field(text, "median_ms"));
        double ort = Double.parseDouble(field(text, "ort_median_ms"));
        double ratio = Double.parseDouble(field(text, "ratio"));
        assertEquals(ours / ort, ratio, 1e-3 * ratio, text);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (\"[^\"]*\"|[^,\\n]+)").matcher(json);
        assertTrue(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }
}
