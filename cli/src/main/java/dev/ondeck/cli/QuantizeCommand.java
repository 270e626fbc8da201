package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.quant.CalibrationMethod;
import dev.ondeck.engine.quant.CalibrationSamples;
import dev.ondeck.engine.quant.QuantizedModel;
import dev.ondeck.engine.quant.Quantizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ondeck quantize MODEL --calibrate DIR --out OUT.onnx}: post-training quantisation to standard QDQ ONNX
 * (int8 weights, calibrated uint8 activations), or float16 weight storage with {@code --fp16}.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Post-training quantisation to standard QDQ ONNX (ONNX Runtime loads it too): int8 weights "
                + "(symmetric, per output channel unless --per-tensor), uint8 activations calibrated by running the "
                + "float model on the samples in DIR, int32 biases; input and output names kept.",
            "DIR: one .npy per sample for a single-input model, or one sub-folder per sample with NAME.npy per input.",
            "--fp16 instead stores float weights as float16 (no calibration). Prints the size before and after."})
final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The float .onnx file.")
    Path modelPath;

    @Option(names = "--calibrate", paramLabel = "DIR", description = "Calibration samples (needed for int8).")
    Path calibrationDir;

    @Option(names = "--method", paramLabel = "minmax|percentile|entropy",
            description = "How activation ranges are chosen (default: ${DEFAULT-VALUE}).")
    String method = "minmax";

    @Option(names = "--per-tensor", description = "One weight scale per tensor instead of per output channel.")
    boolean perTensor;

    @Option(names = "--fp16", description = "Store float weights as float16 instead of quantising to int8.")
    boolean fp16;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend that runs the float model during calibration (default: ${DEFAULT-VALUE}).")
    String backend = "cpu-ref";

    @Option(names = "--out", paramLabel = "OUT.onnx", required = true, description = "Where to write the model.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter pw = spec.commandLine().getOut();
        Quantizer quantizer = Quantizer.builder().method(CalibrationMethod.parse(method)).perChannel(!perTensor)
                .fp16(fp16).calibrationBackend(backend).build();
        List<Map<String, Tensor>> samples = null;
        if (!fp16) {
            if (calibrationDir == null) {
                spec.commandLine().getErr().println("ondeck: int8 quantisation needs --calibrate DIR (or use --fp16)");
                return Ondeck.USAGE;
            }
            try (Model model = Ondeck.loadModel(modelPath)) {
                samples = CalibrationSamples.load(calibrationDir, model.inputs());
            }
            pw.printf("calibrating on %d samples (%s, %s weights)%n", samples.size(), method.toLowerCase(),
                    perTensor ? "per-tensor" : "per-channel");
        }
        QuantizedModel q = quantizer.quantize(modelPath, samples);
        q.write(out);
        pw.println(q.summary());
        pw.println("wrote " + out);
        return 0;
    }
}
