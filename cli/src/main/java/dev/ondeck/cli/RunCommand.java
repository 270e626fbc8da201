package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backends;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck run MODEL --input NAME=FILE.npy ... --output-dir DIR}: one run, outputs saved as .npy. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model on .npy inputs (seeded random data for inputs not given) and write each output to DIR/NAME.npy "
                + "(characters other than letters, digits, '.', '_' and '-' in NAME become '_').")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file.")
    Path modelPath;

    @Mixin
    InputOptions inputs;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true,
            description = "Folder for the outputs; created when missing.")
    Path outputDir;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: ${DEFAULT-VALUE}).")
    String backend = Backends.defaultName();

    @Option(names = "--npu-profile", paramLabel = "FILE|NAME",
            description = "Capability profile for --backend npu-emu: a file, or bundled nnapi-like (default) or qnn-like.")
    Path npuProfile;

    @Option(names = "--device", paramLabel = "SERIAL",
            description = "Run on this Android device through the adb bridge ('ondeck devices' lists them).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Model model = Ondeck.loadModel(modelPath); Session session = model.newSession(NpuProfileOption.options(model, backend, npuProfile).build())) {
            Map<String, Tensor> feeds = inputs.resolve(model, spec.commandLine());
            if (inputs.inputs.size() < model.inputs().size()) {
                out.println("inputs: " + inputs.describe(model));
            }
            long start = System.nanoTime();
            Map<String, Tensor> result = device == null ? session.run(feeds).asMap()
                    : RemoteRun.run(device, modelPath, feeds, RemoteRun.backend(spec, backend), out);
            double ms = (System.nanoTime() - start) / 1e6;
            Files.createDirectories(outputDir);
            Set<String> used = new HashSet<>();
            for (String name : result.keySet()) {
                Tensor t = result.get(name);
                Path file = outputDir.resolve(uniqueFileName(name, used));
                t.toNpy(file);
                out.printf("%s  %s%s -> %s%n", name, t.dtype(), java.util.Arrays.toString(t.shapeView()), file);
            }
            out.printf(Locale.ROOT, "ran on %s in %.1f ms%n", device == null ? session.options().backend() : "device " + device, ms);
        }
        return 0;
    }

    /** A file name for an output: unsafe characters replaced, and a suffix when two names collide. */
    static String uniqueFileName(String name, Set<String> used) {
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "_" + base;
        }
        String candidate = base;
        for (int k = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); k++) {
            candidate = base + "_" + k;
        }
        return candidate + ".npy";
    }
}
