package dev.ondeck.engine.quant;

import dev.ondeck.engine.InvalidInputException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads calibration samples from a folder: one {@code .npy} per sample for a single-input model, or one
 * sub-folder per sample holding {@code NAME.npy} for every input NAME. Samples are taken in file-name order.
 */
public final class CalibrationSamples {
    private CalibrationSamples() {
    }

    /** The samples in {@code dir} for a model with these inputs. */
    public static List<Map<String, Tensor>> load(Path dir, List<ValueInfo> inputs) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("calibration folder " + dir + " does not exist");
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().collect(Collectors.toList());
        }
        List<Map<String, Tensor>> samples = new ArrayList<>();
        List<Path> npys = entries.stream().filter(p -> p.toString().endsWith(".npy")).collect(Collectors.toList());
        if (!npys.isEmpty()) {
            if (inputs.size() != 1) {
                throw new InvalidInputException("calibration folder " + dir + " holds .npy files, which only suits a "
                        + "single-input model; this model has inputs " + names(inputs) + ": use one sub-folder per "
                        + "sample with NAME.npy per input");
            }
            for (Path p : npys) {
                Map<String, Tensor> m = new LinkedHashMap<>();
                m.put(inputs.get(0).name(), Tensor.fromNpy(p));
                samples.add(m);
            }
        } else {
            for (Path sub : entries) {
                if (!Files.isDirectory(sub)) {
                    continue;
                }
                Map<String, Tensor> m = new LinkedHashMap<>();
                for (ValueInfo in : inputs) {
                    Path f = sub.resolve(in.name() + ".npy");
                    if (!Files.isRegularFile(f)) {
                        throw new InvalidInputException("calibration sample " + sub + " lacks " + in.name()
                                + ".npy for input '" + in.name() + "'");
                    }
                    m.put(in.name(), Tensor.fromNpy(f));
                }
                samples.add(m);
            }
        }
        if (samples.isEmpty()) {
            throw new InvalidInputException("calibration folder " + dir + " holds no samples (.npy files or sub-folders)");
        }
        return samples;
    }

    private static List<String> names(List<ValueInfo> inputs) {
        return inputs.stream().map(ValueInfo::name).collect(Collectors.toList());
    }
}
