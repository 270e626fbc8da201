package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.backend.Backends;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck run MODEL --input NAME=FILE.npy ... --output-dir DIR}: one run, outputs saved as .npy. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model on .npy inputs and write each output to DIR/NAME.npy "
                + "(characters other than letters, digits, '.', '_' and '-' in NAME become '_').")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file.")
    Path modelPath;

    @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE.npy", required = true,
            description = "An input of the model and the .npy file holding it (repeat for each input).")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true,
            description = "Folder for the outputs; created when missing.")
    Path outputDir;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: ${DEFAULT-VALUE}).")
    String backend = Backends.defaultName();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Model model = Model.load(modelPath); Session session = model.newSession(backend)) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            for (String arg : inputs) {
                String[] nameAndFile = split(arg, model.inputs());
                if (feeds.containsKey(nameAndFile[0])) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "input '" + nameAndFile[0] + "' given twice");
                }
                feeds.put(nameAndFile[0], Tensor.fromNpy(Paths.get(nameAndFile[1])));
            }
            long start = System.nanoTime();
            Result result = session.run(feeds);
            double ms = (System.nanoTime() - start) / 1e6;
            Files.createDirectories(outputDir);
            Set<String> used = new HashSet<>();
            for (String name : result.names()) {
                Tensor t = result.get(name);
                Path file = outputDir.resolve(uniqueFileName(name, used));
                t.toNpy(file);
                out.printf("%s  %s%s -> %s%n", name, t.dtype(), java.util.Arrays.toString(t.shapeView()), file);
            }
            out.printf(Locale.ROOT, "ran on %s in %.1f ms%n", session.options().backend(), ms);
        }
        return 0;
    }

    /** NAME=FILE, where NAME is the longest prefix before a '=' that names a model input (names may hold '='). */
    private String[] split(String arg, List<ValueInfo> declared) {
        for (int eq = arg.lastIndexOf('='); eq > 0; eq = arg.lastIndexOf('=', eq - 1)) {
            String name = arg.substring(0, eq);
            if (declared.stream().anyMatch(v -> v.name().equals(name))) {
                return new String[] {name, arg.substring(eq + 1)};
            }
        }
        int eq = arg.indexOf('=');
        if (eq <= 0 || eq == arg.length() - 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--input expects NAME=FILE.npy, found '" + arg + "'");
        }
        return new String[] {arg.substring(0, eq), arg.substring(eq + 1)};
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
