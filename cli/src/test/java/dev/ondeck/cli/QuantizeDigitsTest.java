package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.conformance.ConformanceRunner;
import dev.ondeck.engine.onnx.OnnxDecoder;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.onnx.TensorCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, acceptance: the digits CNN of {@code models/perf/digits_cnn}, quantised by {@code ondeck quantize} after
 * calibration on 100 training images (scikit-learn's bundled digits, those not in the 360-image held-out set),
 * keeps held-out accuracy within 1 point of float on cpu-ref running the QDQ graph, and ONNX Runtime loads the
 * QDQ model and agrees with Ondeck within one output quantisation step on at least 99% of the logits.
 */
class QuantizeDigitsTest {
    /** scikit-learn's digits (Debian python3-sklearn): 1797 rows of 64 pixels (0..16) and the label. */
    static final Path DIGITS_CSV = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");
    static final int CALIBRATION_IMAGES = 100;

    @TempDir
    static Path dir;
    static Path floatModel;
    static Tensor heldOut;
    static Tensor labels;
    static Path calibration;

    @BeforeAll
    static void data() throws IOException {
        Path digits = SharedData.require("models/perf/digits_cnn");
        floatModel = digits.resolve("model.onnx");
        heldOut = ConformanceRunner.readTensor(digits.resolve("test_data_set_2/input_0.pb"));
        labels = ConformanceRunner.readTensor(digits.resolve("test_data_set_2/labels.pb"));
        if (!Files.isRegularFile(DIGITS_CSV)) {
            String msg = "training images need Debian's python3-sklearn (" + DIGITS_CSV + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        calibration = Files.createDirectories(dir.resolve("calibration"));
        int written = 0;
        for (float[] image : trainingImages()) {
            if (written == CALIBRATION_IMAGES) {
                break;
            }
            Tensor.of(image, 1, 1, 8, 8).toNpy(calibration.resolve(String.format("sample_%03d.npy", written++)));
        }
        assertEquals(CALIBRATION_IMAGES, written);
    }

    /** The digits images (scaled to [0, 1]) that are not among the held-out images, in file order. */
    static List<float[]> trainingImages() throws IOException {
        Set<String> held = new HashSet<>();
        float[] h = heldOut.floats();
        for (int i = 0; i < heldOut.dim(0); i++) {
            held.add(Arrays.toString(Arrays.copyOfRange(h, i * 64, i * 64 + 64)));
        }
        List<float[]> train = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(DIGITS_CSV)),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",");
                float[] image = new float[64];
                for (int i = 0; i < 64; i++) {
                    image[i] = (float) (Double.parseDouble(f[i]) / 16.0);
                }
                if (!held.contains(Arrays.toString(image))) {
                    train.add(image);
                }
            }
        }
        assertEquals(1797 - 360, train.size(), "training images = digits minus the held-out split");
        return train;
    }

    static String quantize(String... extra) {
        List<String> args = new ArrayList<>(List.of("quantize", floatModel.toString()));
        args.addAll(List.of(extra));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Ondeck.execute(args.toArray(new String[0]), new PrintWriter(o), new PrintWriter(e));
        assertEquals(0, code, "ondeck quantize failed:\n" + o + "\n" + e);
        System.out.print(o);
        return o.toString();
    }

    static Tensor ondeckLogits(Path model) {
        try (Model m = Model.load(model); Session s = m.newSession("cpu-ref")) {
            return s.run(Map.of("image", heldOut)).get("logits");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static double accuracy(Tensor logits) {
        int ok = 0;
        int n = logits.dim(0);
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < 10; j++) {
                best = logits.getDouble(i * 10 + j) > logits.getDouble(i * 10 + best) ? j : best;
            }
            ok += best == labels.getLong(i) ? 1 : 0;
        }
        return 100.0 * ok / n;
    }

    @Test
    void int8KeepsHeldOutAccuracyWithinOnePointForEveryMethod() throws IOException {
        double floatAcc = accuracy(ondeckLogits(floatModel));
        for (String method : List.of("minmax", "percentile", "entropy")) {
            Path out = dir.resolve("digits_int8_" + method + ".onnx");
            String printed = quantize("--calibrate", calibration.toString(), "--method", method, "--out", out.toString());
            assertTrue(printed.contains("size 57,018 -> "), printed);
            assertTrue(Files.size(out) < Files.size(floatModel) / 2, "int8 model " + Files.size(out) + " bytes");
            double acc = accuracy(ondeckLogits(out));
            System.out.printf("digits held-out accuracy: float %.2f%%, int8 %s %.2f%%%n", floatAcc, method, acc);
            assertTrue(Math.abs(acc - floatAcc) <= 1.0, method + ": int8 " + acc + "% vs float " + floatAcc + "%");
        }
    }

    @Test
    void fp16WeightsHalveTheSizeAndKeepAccuracy() throws IOException {
        Path out = dir.resolve("digits_fp16.onnx");
        quantize("--fp16", "--out", out.toString());
        double floatAcc = accuracy(ondeckLogits(floatModel));
        double acc = accuracy(ondeckLogits(out));
        System.out.printf("digits fp16: %d -> %d bytes, accuracy %.2f%% (float %.2f%%)%n", Files.size(floatModel),
                Files.size(out), acc, floatAcc);
        assertTrue(Files.size(out) < 0.6 * Files.size(floatModel), "fp16 model " + Files.size(out) + " bytes");
        assertTrue(Math.abs(acc - floatAcc) <= 1.0);
    }

    @Test
    void onnxRuntimeLoadsTheQdqModelAndAgreesWithinOneOutputStep() throws IOException, OrtException {
        Path out = dir.resolve("digits_int8_ort.onnx");
        quantize("--calibrate", calibration.toString(), "--out", out.toString());
        float step = outputScale(out, "logits_scale");
        float[] ours = ondeckLogits(out).floats();
        float[] theirs;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(1);
            long[] shape = Arrays.stream(heldOut.shapeView()).asLongStream().toArray();
            try (OrtSession ort = env.createSession(out.toString(), so);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(heldOut.floats()), shape);
                 OrtSession.Result r = ort.run(Map.of("image", in))) {
                assertEquals(List.of("logits", "probs"), new ArrayList<>(ort.getOutputNames()));
                theirs = flatten((float[][]) r.get("logits").get().getValue());
            }
        }
        assertEquals(ours.length, theirs.length);
        int within = 0;
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            double d = Math.abs(ours[i] - theirs[i]);
            worst = Math.max(worst, d);
            within += d <= step * 1.001 ? 1 : 0;
        }
        double rate = (double) within / ours.length;
        System.out.printf("ORT vs Ondeck (cpu-ref) on the QDQ digits model: %d of %d logits within one step (%.5f), "
                + "%.2f%%; max |diff| %.5f (%.2f steps)%n", within, ours.length, step, 100 * rate, worst, worst / step);
        assertTrue(rate >= 0.99, "agreement " + rate);
    }

    @Test
    void theQdqModelIsOneNpuSegmentWithSoftmaxFallingBack() throws IOException {
        Path out = dir.resolve("digits_int8_partition.onnx");
        quantize("--calibrate", calibration.toString(), "--out", out.toString());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, Ondeck.execute(new String[] {"partition", out.toString()}, new PrintWriter(o), new PrintWriter(e)), e.toString());
        String report = o.toString();
        System.out.print(report);
        int nodes;
        try (Model m = Model.load(out)) {
            nodes = m.nodes().size();
        }
        assertTrue(report.startsWith("profile nnapi-like: " + nodes + " nodes, 1 NPU segment(s), 1 CPU segment(s), 1 hand-off(s)"),
                report);
        assertEquals(nodes, report.lines().filter(l -> l.matches("\\s*\\d+  (NPU|CPU)  .*")).count(), "a line per node");
        assertTrue(report.contains("CPU  Softmax"), report);
    }

    static float[] flatten(float[][] rows) {
        float[] f = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, f, i * rows[i].length, rows[i].length);
        }
        return f;
    }

    static float outputScale(Path model, String name) throws IOException {
        OnnxProto.Model p = OnnxDecoder.decodeModel(Files.readAllBytes(model));
        for (OnnxProto.TensorData t : p.graph.initializers) {
            if (t.name.equals(name)) {
                return TensorCodec.decode(t, null, name).floats()[0];
            }
        }
        throw new AssertionError("no initializer " + name + " in " + model);
    }
}
