package dev.ondeck.engine.quant;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.onnx.OnnxDecoder;
import dev.ondeck.engine.onnx.OnnxEncoder;
import dev.ondeck.engine.onnx.OnnxProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Post-training quantisation of a float ONNX model into standard QDQ ONNX, which Ondeck and ONNX Runtime both run.
 *
 * <p>int8 mode: the float model runs on the calibration samples with a hook collecting the range of every
 * float activation that feeds or leaves a Conv, Gemm or MatMul (or a Relu, pooling, Flatten, Reshape, Add or Concat
 * between them); activations become asymmetric uint8 (ONNX Runtime's
 * default for QDQ on CPU), weights symmetric int8 per output channel (or per tensor), biases int32. fp16 mode:
 * float weights are stored as float16 and cast back to float on load; no calibration. Input and output names
 * are kept.
 *
 * <pre>{@code
 * QuantizedModel q = Quantizer.builder().method(CalibrationMethod.MINMAX).build()
 *     .quantize(Path.of("model.onnx"), CalibrationSamples.load(dir, model.inputs()));
 * q.write(Path.of("model_int8.onnx"));
 * }</pre>
 */
public final class Quantizer {
    /** Smallest float initialiser (in elements) that fp16 mode converts; smaller ones are kept float. */
    public static final int FP16_MIN_ELEMENTS = 16;

    private final CalibrationMethod method;
    private final boolean perChannel;
    private final boolean fp16;
    private final String backend;

    private Quantizer(Builder b) {
        this.method = b.method;
        this.perChannel = b.perChannel;
        this.fp16 = b.fp16;
        this.backend = b.backend;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Quantises the model file at {@code path} (samples are ignored in fp16 mode). */
    public QuantizedModel quantize(Path path, List<Map<String, Tensor>> samples) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        return quantize(Files.readAllBytes(path), dir, samples);
    }

    /** Quantises model bytes whose external data, if any, lies under {@code baseDir}. */
    public QuantizedModel quantize(byte[] modelBytes, Path baseDir, List<Map<String, Tensor>> samples) {
        OnnxProto.Model proto = OnnxDecoder.decodeModel(modelBytes);
        QdqRewriter rewriter = new QdqRewriter(proto, baseDir);
        if (fp16) {
            int converted = rewriter.storeWeightsAsHalf(FP16_MIN_ELEMENTS);
            return new QuantizedModel(OnnxEncoder.encodeModel(proto), modelBytes.length, "fp16", converted, 0, new LinkedHashMap<>());
        }
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("int8 quantisation needs at least one calibration sample");
        }
        Map<String, ActivationStats> stats = new LinkedHashMap<>();
        for (String name : rewriter.activationsToCalibrate()) {
            stats.put(name, new ActivationStats());
        }
        calibrate(modelBytes, baseDir, samples, stats);
        Map<String, double[]> ranges = new LinkedHashMap<>();
        stats.forEach((name, s) -> {
            if (!s.notFloat && s.min <= s.max) {
                ranges.put(name, s.range(method));
            }
        });
        rewriter.inlineExternalData();
        rewriter.rewrite(ranges, perChannel);
        return new QuantizedModel(OnnxEncoder.encodeModel(proto), modelBytes.length, "int8", rewriter.weightCount(),
                rewriter.activationCount(), ranges);
    }

    private void calibrate(byte[] modelBytes, Path baseDir, List<Map<String, Tensor>> samples,
                           Map<String, ActivationStats> stats) {
        try (Model model = Model.fromBytes(modelBytes, baseDir);
             Session session = model.newSession(SessionOptions.builder().backend(backend).foldConstants(false).build())) {
            int passes = method == CalibrationMethod.MINMAX ? 1 : 2;
            for (int pass = 0; pass < passes; pass++) {
                CalibrationHook hook = new CalibrationHook(stats, pass == 1);
                for (Map<String, Tensor> sample : samples) {
                    sample.forEach(hook::observe);
                    session.run(sample, hook);
                }
            }
        }
    }

    /** Options of a {@link Quantizer}. */
    public static final class Builder {
        private CalibrationMethod method = CalibrationMethod.MINMAX;
        private boolean perChannel = true;
        private boolean fp16;
        private String backend = "cpu-ref";

        private Builder() {
        }

        /** How activation ranges are chosen (default minmax). */
        public Builder method(CalibrationMethod m) {
            this.method = m;
            return this;
        }

        /** Per-output-channel weight scales (default) or one per tensor. */
        public Builder perChannel(boolean on) {
            this.perChannel = on;
            return this;
        }

        /** Store float weights as float16 instead of quantising to int8. */
        public Builder fp16(boolean on) {
            this.fp16 = on;
            return this;
        }

        /** Backend that runs the float model during calibration (default cpu-ref). */
        public Builder calibrationBackend(String name) {
            this.backend = name;
            return this;
        }

        public Quantizer build() {
            return new Quantizer(this);
        }
    }
}
