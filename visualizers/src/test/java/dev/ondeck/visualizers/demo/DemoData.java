package dev.ondeck.visualizers.demo;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.models.MobileNetV2Builder;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.visualizers.TinyNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the demos draw: MobileNetV2 (generated, seeded weights) or, given {@code --tiny}, a 10-node CNN.
 * Arguments: {@code [OUT_DIR] [--tiny]}; OUT_DIR defaults to {@code target/demo}.
 */
final class DemoData {
    final boolean tiny;
    final Path out;
    final Model model;
    final Map<String, Tensor> inputs;

    private DemoData(boolean tiny, Path out, Model model, Map<String, Tensor> inputs) {
        this.tiny = tiny;
        this.out = out;
        this.model = model;
        this.inputs = inputs;
    }

    static DemoData from(String[] args) throws IOException {
        boolean tiny = List.of(args).contains("--tiny");
        Path out = Path.of(List.of(args).stream().filter(a -> !a.startsWith("--")).findFirst().orElse("target/demo"));
        Files.createDirectories(out);
        return tiny ? new DemoData(true, out, TinyNet.build(), Map.of("image", TinyNet.input()))
                : new DemoData(false, out, MobileNetV2Builder.create(1).build(),
                        Map.of("image", MobileNetV2Builder.seededInput(1, 1)));
    }

    /** The model with extra graph outputs, to see activations inside it. */
    Model withOutputs(String... names) {
        return tiny ? TinyNet.build() : withExtra(names);
    }

    private static Model withExtra(String... names) {
        var mb = MobileNetV2Builder.create(1);
        for (String n : names) {
            mb.output(n);
        }
        return mb.build();
    }

    /** The first activation worth looking at: after the stem. */
    String stemActivation() {
        return tiny ? "probs" : "l0.relu6";
    }

    ProfileReport profile(String backend) {
        try (Session s = model.newSession(SessionOptions.builder().backend(backend).build())) {
            return s.profile(inputs, tiny ? 1 : 2, 3);
        }
    }

    /** Every backend on the service path, the reference first. */
    static List<String> backends() {
        List<String> names = new ArrayList<>();
        names.add(Backends.REFERENCE);
        for (Backend b : Backends.all()) {
            if (!names.contains(b.name())) {
                names.add(b.name());
            }
        }
        return names;
    }

    Path file(String name) {
        return out.resolve(name);
    }

    void wrote(Path... files) {
        for (Path f : files) {
            System.out.println("wrote " + f);
        }
    }
}
