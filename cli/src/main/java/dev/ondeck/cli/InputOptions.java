package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The inputs of every command that runs a model: {@code --input NAME=FILE.npy} for some or all inputs, and
 * seeded random data ({@code --seed}, default {@value RandomInputs#DEFAULT_SEED}) shaped by the model for the
 * rest, with {@code --shape NAME=d0,d1,...} for symbolic dims.
 */
final class InputOptions {
    @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE.npy",
            description = "An input and the .npy file holding it (repeat for each input). Inputs not given get seeded random data.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed = RandomInputs.DEFAULT_SEED;

    @Option(names = "--shape", paramLabel = "NAME=d0,d1,...",
            description = "Full shape of a random input, for symbolic dims (repeatable; unknown dims default to 1).")
    List<String> shapes = new ArrayList<>();

    /** Files for the inputs named with --input, seeded random tensors for the others. */
    Map<String, Tensor> resolve(Model model, CommandLine cl) throws IOException {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (String arg : inputs) {
            String[] nameAndFile = split(arg, model.inputs(), cl, "--input", "NAME=FILE.npy");
            if (feeds.containsKey(nameAndFile[0])) {
                throw new CommandLine.ParameterException(cl, "input '" + nameAndFile[0] + "' given twice");
            }
            feeds.put(nameAndFile[0], Tensor.fromNpy(Paths.get(nameAndFile[1])));
        }
        Map<String, int[]> shapeMap = new LinkedHashMap<>();
        for (String s : shapes) {
            String[] kv = split(s, model.inputs(), cl, "--shape", "NAME=d0,d1,...");
            shapeMap.put(kv[0], parseDims(kv[1], cl));
        }
        if (feeds.size() < model.inputs().size()) {
            Map<String, Tensor> random = RandomInputs.of(model, seed, shapeMap);
            for (ValueInfo v : model.inputs()) {
                feeds.putIfAbsent(v.name(), random.get(v.name()));
            }
        }
        return feeds;
    }

    /** How the inputs were made, for the report: "x: file a.npy; y: random (seed 42)". */
    String describe(Model model) {
        StringBuilder sb = new StringBuilder();
        for (ValueInfo v : model.inputs()) {
            boolean fromFile = inputs.stream().anyMatch(a -> a.startsWith(v.name() + "="));
            sb.append(sb.length() > 0 ? "; " : "").append(v.name()).append(": ")
                    .append(fromFile ? "file" : "random (seed " + seed + ")");
        }
        return sb.toString();
    }

    private static int[] parseDims(String text, CommandLine cl) {
        String[] parts = text.split(",");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cl, "--shape expects comma-separated integers, found '" + text + "'");
            }
            if (dims[i] < 0) {
                throw new CommandLine.ParameterException(cl, "--shape dims must be >= 0, found '" + text + "'");
            }
        }
        return dims;
    }

    /** NAME=VALUE, where NAME is the longest prefix before a '=' that names a model input (names may hold '='). */
    static String[] split(String arg, List<ValueInfo> declared, CommandLine cl, String option, String form) {
        for (int eq = arg.lastIndexOf('='); eq > 0; eq = arg.lastIndexOf('=', eq - 1)) {
            String name = arg.substring(0, eq);
            if (declared.stream().anyMatch(v -> v.name().equals(name))) {
                return new String[] {name, arg.substring(eq + 1)};
            }
        }
        int eq = arg.indexOf('=');
        if (eq <= 0 || eq == arg.length() - 1) {
            throw new CommandLine.ParameterException(cl, option + " expects " + form + ", found '" + arg + "'");
        }
        return new String[] {arg.substring(0, eq), arg.substring(eq + 1)};
    }
}
