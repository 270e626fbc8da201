package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.plan.ExecutionPlan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, acceptance on {@code cpu-int8}: the digits CNN quantised by {@code ondeck quantize} (100 calibration
 * images, as in {@link QuantizeDigitsTest}) keeps held-out accuracy within 1 point of float, runs its
 * convolutions and Gemm as int8 kernels (the plan says so), and agrees with cpu-ref running the same QDQ graph
 * within one output quantisation step on every logit, and ONNX Runtime within one step on at least 99% of them.
 */
class Int8BackendDigitsTest {
    @TempDir
    static Path tmp;
    static Path int8Model;

    @BeforeAll
    static void quantised() throws IOException {
        QuantizeDigitsTest.dir = tmp;
        QuantizeDigitsTest.data();
        int8Model = tmp.resolve("digits_int8.onnx");
        QuantizeDigitsTest.quantize("--calibrate", QuantizeDigitsTest.calibration.toString(), "--out", int8Model.toString());
    }

    static Tensor logits(Path model, String backend) throws IOException {
        try (Model m = Model.load(model); Session s = m.newSession(backend)) {
            return s.run(Map.of("image", QuantizeDigitsTest.heldOut)).get("logits");
        }
    }

    @Test
    void keepsHeldOutAccuracyWithinOnePointOfFloat() throws IOException {
        double floatAcc = QuantizeDigitsTest.accuracy(logits(QuantizeDigitsTest.floatModel, "cpu-ref"));
        double int8Acc = QuantizeDigitsTest.accuracy(logits(int8Model, "cpu-int8"));
        System.out.printf("digits held-out accuracy: float (cpu-ref) %.2f%%, int8 QDQ on cpu-int8 %.2f%%%n", floatAcc, int8Acc);
        assertTrue(Math.abs(int8Acc - floatAcc) <= 1.0, "cpu-int8 " + int8Acc + "% vs float " + floatAcc + "%");
    }

    @Test
    void runsConvAndGemmAsInt8KernelsAndTheRestOnFloatKernels() throws IOException {
        Map<String, String> placement = new TreeMap<>();
        try (Model m = Model.load(int8Model); Session s = m.newSession("cpu-int8")) {
            ExecutionPlan plan = s.plan();
            for (int n = 0; n < plan.nodeCount(); n++) {
                String op = plan.node(n).opType();
                String backend = plan.backendOf(n);
                placement.merge(op, backend, (a, b) -> a.contains(b) ? a : a + "," + b);
                if (op.equals("Conv") || op.equals("Gemm") || op.equals("MatMul")) {
                    assertEquals("cpu-int8", backend, "node " + plan.node(n).name());
                }
            }
        }
        System.out.println("digits QDQ on cpu-int8, backend per op type: " + placement);
        assertTrue(placement.get("Conv") != null, "the digits CNN has convolutions: " + placement);
        assertTrue(placement.values().stream().anyMatch(b -> b.contains("cpu-int8:float") || b.contains("cpu-ref")),
                "float fallbacks are labelled: " + placement);
    }

    @Test
    void onnxRuntimeAgreesWithinOneOutputStepOnAtLeast99Percent() throws IOException, OrtException {
        float step = QuantizeDigitsTest.outputScale(int8Model, "logits_scale");
        float[] ours = logits(int8Model, "cpu-int8").floats();
        float[] theirs;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Tensor images = QuantizeDigitsTest.heldOut;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            long[] shape = Arrays.stream(images.shapeView()).asLongStream().toArray();
            try (OrtSession ort = env.createSession(int8Model.toString(), so);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(images.floats()), shape);
                 OrtSession.Result r = ort.run(Map.of("image", in))) {
                theirs = QuantizeDigitsTest.flatten((float[][]) r.get("logits").get().getValue());
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
        System.out.printf("ORT vs cpu-int8 on the QDQ digits logits: %.2f%% within one step (%.5f); max |diff| %.2f steps%n",
                100 * rate, step, worst / step);
        assertTrue(rate >= 0.99, "agreement " + rate);
    }

    @Test
    void diffReportsPerNodeErrorCosineSaturationAndTheFirstNodeBeyondTolerance() {
        java.io.StringWriter o = new java.io.StringWriter();
        java.io.StringWriter e = new java.io.StringWriter();
        int code = Ondeck.execute(new String[] {"diff", int8Model.toString(), "--backend", "cpu-int8", "--vs", "cpu-ref",
                "--input", "image=" + Path.of("../examples/models/digits/images.npy").toAbsolutePath()},
                new java.io.PrintWriter(o), new java.io.PrintWriter(e));
        String table = o.toString();
        System.out.print(table);
        assertEquals(0, code, table + e);
        assertTrue(table.contains("sat %") && table.contains("cosine"), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("/features/features.0/Conv ") && l.contains("cpu-int8/cpu-ref")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("QuantizeLinear") && l.matches(".*\\s\\d+\\.\\d\\d\\s+cpu-int8/cpu-ref.*")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("MaxPool ") && l.contains("cpu-int8/cpu-ref")), table);
        assertTrue(table.contains("first divergent node: "), table);
    }

    @Test
    void agreesWithCpuRefWithinOneOutputStep() throws IOException {
        float step = QuantizeDigitsTest.outputScale(int8Model, "logits_scale");
        float[] ref = logits(int8Model, "cpu-ref").floats();
        float[] int8 = logits(int8Model, "cpu-int8").floats();
        assertEquals(ref.length, int8.length);
        double worst = 0;
        int exact = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs(ref[i] - int8[i]);
            worst = Math.max(worst, d);
            exact += d == 0 ? 1 : 0;
        }
        System.out.printf("cpu-int8 vs cpu-ref on the QDQ digits logits: max |diff| %.5f (%.2f steps of %.5f), %d of %d equal%n",
                worst, worst / step, step, exact, ref.length);
        assertTrue(worst <= step * 1.001, "max diff " + worst + " vs step " + step);
    }
}
