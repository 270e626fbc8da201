package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.profile.ProfileReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck profile MODEL}: per-node times, FLOPs and bytes; op-type breakdown; JSON and Chrome trace. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Profile a model: per-node median/p90 times over K runs after W warm-ups, FLOPs, bytes, "
                + "backend per node, op-type breakdown, peak activation memory.")
final class ProfileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file.")
    Path modelPath;

    @Mixin
    InputOptions inputs;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend (default: ${DEFAULT-VALUE}).")
    String backend = Backends.defaultName();

    @Option(names = "--npu-profile", paramLabel = "FILE|NAME",
            description = "Capability profile for --backend npu-emu: a file, or bundled nnapi-like (default) or qnn-like.")
    Path npuProfile;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (0 = backend default).")
    int threads;

    @Option(names = "--device", paramLabel = "SERIAL",
            description = "Profile on this Android device through the adb bridge ('ondeck devices' lists them).")
    String device;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up runs (default: ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--runs", paramLabel = "K", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs = 20;

    @Option(names = "--top", paramLabel = "N", description = "Nodes listed in the table (default: ${DEFAULT-VALUE}).")
    int top = 20;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the profile as JSON (docs/profile-schema.md).")
    Path json;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write the last run as Chrome-trace JSON (Perfetto).")
    Path trace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1 || warmup < 0 || threads < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "need --runs >= 1, --warmup >= 0, --threads >= 0");
        }
        if (device != null) {
            try (Model model = Model.load(modelPath)) {
                out.println("inputs: " + inputs.describe(model));
                dev.ondeck.adb.RemoteProfile report = RemoteRun.profile(device, modelPath, inputs.resolve(model, spec.commandLine()),
                        RemoteRun.backend(spec, backend), warmup, runs, out);
                out.print(report.table());
                out.println("device state before: " + report.stateBefore());
                out.println("device state after:  " + report.stateAfter());
                if (json != null) {
                    write(json, report.toJson());
                    out.println("profile JSON: " + json);
                }
            }
            return 0;
        }
        try (Model model = Model.load(modelPath);
             Session session = model.newSession(NpuProfileOption.options(model, backend, npuProfile).threads(threads).build())) {
            out.println("inputs: " + inputs.describe(model));
            ProfileReport report = session.profile(inputs.resolve(model, spec.commandLine()), warmup, runs,
                    ProgressLine.steps(spec.commandLine().getErr(), "profile"));
            out.print(report.table(top));
            if (json != null) {
                write(json, report.toJson());
                out.println("profile JSON: " + json);
            }
            if (trace != null) {
                write(trace, report.toChromeTrace());
                out.println("Chrome trace: " + trace + " (open in ui.perfetto.dev)");
            }
        }
        return 0;
    }

    static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
