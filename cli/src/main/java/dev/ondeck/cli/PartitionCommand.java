package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.npu.HandOffCounter;
import dev.ondeck.engine.npu.NpuEmuBackend;
import dev.ondeck.engine.npu.NpuProfile;
import dev.ondeck.engine.npu.PartitionReport;
import dev.ondeck.engine.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ondeck partition MODEL [--npu-profile FILE|NAME] [--run] [--json FILE]}: which nodes an NPU would take,
 * why the rest fall back, and (with {@code --run}) the hand-offs {@code npu-emu} counts while running it once.
 */
@Command(name = "partition", mixinStandardHelpOptions = true,
        description = {"Partition a model into NPU segments and CPU fallbacks under an NPU capability profile "
                + "(default: the bundled NNAPI-like one): every node with its placement and reason, the segments, "
                + "and the tensor hand-offs between them. With --run, npu-emu runs it once (inputs as for 'run') and "
                + "reports the hand-offs it counted, with their bytes, and this machine's CPU time: never an NPU timing."})
final class PartitionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file (a QDQ model from ondeck quantize).")
    Path modelPath;

    @Option(names = "--npu-profile", paramLabel = "FILE|NAME",
            description = "Capability profile (name, dtypes, op lines): a file, or bundled nnapi-like (default) or qnn-like.")
    String profileName;

    @Option(names = "--run", description = "Also run the model once on npu-emu and report the hand-offs counted while running.")
    boolean run;

    @Mixin
    InputOptions inputs;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the partition (and the run's counts) as JSON (docs/profile-schema.md).")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        NpuProfile profile = profileName == null ? NpuProfile.nnapiLike() : NpuProfile.named(profileName);
        try (Model model = Ondeck.loadModel(modelPath)) {
            NpuEmuBackend backend = NpuEmuBackend.of(model, profile);
            PartitionReport r = backend.partition();
            out.print(r.table());
            String runJson = "";
            if (run) {
                Map<String, Tensor> feeds = inputs.resolve(model, spec.commandLine());
                try (Session s = model.newSession(SessionOptions.builder().backend(backend).build())) {
                    long t0 = System.nanoTime();
                    s.run(feeds);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    HandOffCounter c = backend.handOffs();
                    out.printf(Locale.ROOT, "run on npu-emu (inputs: %s): %d hand-off(s) counted, %d bytes (%d into NPU segments,"
                                    + " %d into CPU segments); %.3f ms of this machine's CPU time, not an NPU timing%n",
                            inputs.describe(model), c.count(), c.bytes(), c.intoNpu(), c.intoCpu(), ms);
                    runJson = String.format(Locale.ROOT, "  \"run\": {\"hand_offs\": %d, \"hand_off_bytes\": %d, \"into_npu\": %d,"
                            + " \"into_cpu\": %d, \"cpu_ms\": %s, \"timing_note\": %s},\n", c.count(), c.bytes(), c.intoNpu(),
                            c.intoCpu(), Json.num(ms), Json.str(backend.timingNote()));
                }
            }
            if (json != null) {
                String text = r.toJson();
                int afterSchema = text.indexOf('\n', text.indexOf("\"schema\"")) + 1;
                ProfileCommand.write(json, text.substring(0, afterSchema) + runJson + text.substring(afterSchema));
                out.println("partition JSON: " + json);
            }
        }
        return 0;
    }
}
