package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.models.MobileNetV2Builder;
import dev.ondeck.engine.profile.OpTypeSummary;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.engine.profile.Profiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ondeck demo}: the bundled digits CNN on held-out digits (predictions vs labels, checked against
 * PyTorch's logits), then a MobileNetV2 built in code on a seeded image (top-5 and time per op type), and an
 * HTML report with the profile's charts and the model's graph ({@link DemoReport}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the bundled models: the digits CNN (examples/models/digits_cnn.onnx) on 24 held-out "
                + "digits, and MobileNetV2 (built in code, seeded weights) on a seeded 224x224 image with a "
                + "per-op-type time summary. Writes an HTML report with charts (default ./ondeck-demo.html)."})
final class DemoCommand implements Callable<Integer> {
    /** Which parts of the demo to run. */
    enum Part { all, digits, mobilenet }

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: ${DEFAULT-VALUE}).")
    String backend = Backends.defaultName();

    @Option(names = "--only", paramLabel = "PART", description = "all, digits or mobilenet (default: ${DEFAULT-VALUE}).")
    Part only = Part.all;

    @Option(names = "--runs", paramLabel = "N", description = "Profiled MobileNetV2 runs after the first run and 3 warm-up runs (default: ${DEFAULT-VALUE}).")
    int runs = 10;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of MobileNetV2's weights and input (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--html", paramLabel = "FILE", description = "HTML report with charts (default: ${DEFAULT-VALUE}).")
    Path html = Path.of("ondeck-demo.html");

    @Option(names = "--png", paramLabel = "FILE", description = "Also write the slowest-nodes chart as a PNG (e.g. docs/images/demo-profile.png).")
    Path png;

    @Spec
    CommandSpec spec;

    private final DemoReport report = new DemoReport();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Backends.find(backend);
        if (only != Part.mobilenet) {
            StringWriter part = new StringWriter();
            digits(new PrintWriter(part, true));
            out.print(part);
            report.text("Digits CNN on held-out digits", part.toString());
        }
        if (only != Part.digits) {
            StringWriter part = new StringWriter();
            mobileNet(new PrintWriter(part, true));
            out.print(part);
            report.text("MobileNetV2 on a seeded image", part.toString());
        }
        int images = report.write(html);
        out.printf("report: %s (%d charts)%n", html.toAbsolutePath().normalize(), images);
        if (png != null) {
            if (!report.writeHeadline(png)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--png needs the MobileNetV2 part (--only all or mobilenet)");
            }
            out.println("chart: " + png.toAbsolutePath().normalize());
        }
        return 0;
    }

    private void digits(PrintWriter out) throws IOException {
        Path dir = RepoPaths.root().resolve("examples/models");
        Tensor images = Tensor.fromNpy(dir.resolve("digits/images.npy"));   // (24, 1, 8, 8)
        Tensor labels = Tensor.fromNpy(dir.resolve("digits/labels.npy"));   // (24,)
        Tensor torchLogits = Tensor.fromNpy(dir.resolve("digits/logits.npy")); // (24, 10)
        try (Model model = Model.load(dir.resolve("digits_cnn.onnx")); Session s = model.newSession(backend)) {
            Result r = s.run(Collections.singletonMap("image", images));
            Tensor logits = r.get("logits");                                // (24, 10)
            int n = labels.size();
            StringBuilder truth = new StringBuilder();
            StringBuilder predicted = new StringBuilder();
            StringBuilder wrong = new StringBuilder();
            int correct = 0;
            double maxDiff = 0;
            for (int i = 0; i < n; i++) {
                int p = argmax(logits.floats(), i * 10, 10);
                correct += p == labels.getLong(i) ? 1 : 0;
                truth.append(' ').append(labels.getLong(i));
                predicted.append(' ').append(p);
                if (p != labels.getLong(i)) {
                    wrong.append(String.format(" #%d (true %d, predicted %d)", i, labels.getLong(i), p));
                }
                for (int k = 0; k < 10; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(logits.floats()[i * 10 + k] - torchLogits.floats()[i * 10 + k]));
                }
            }
            out.printf("digits CNN (examples/models/digits_cnn.onnx) on %d held-out digits, backend %s%n", n,
                    s.options().backend());
            out.println("  true     " + truth);
            out.println("  predicted" + predicted);
            if (wrong.length() > 0) {
                out.println("  misclassified:" + wrong);
            }
            out.printf(Locale.ROOT, "  accuracy %d/%d (%.1f%%); max |logit - PyTorch logit| %.2g%n%n", correct, n,
                    100.0 * correct / n, maxDiff);
        }
    }

    private void mobileNet(PrintWriter out) {
        long t0 = System.nanoTime();
        try (Model model = MobileNetV2Builder.create(seed).build(); Session s = model.newSession(backend)) {
            long params = model.graph().initializers().values().stream().mapToLong(Tensor::size).sum();
            out.printf(Locale.ROOT, "MobileNetV2 (built in code, seed %d): %d nodes, %,d parameters, prepared in %.0f ms%n",
                    seed, model.nodes().size(), params, (System.nanoTime() - t0) / 1e6);
            Map<String, Tensor> feeds = Collections.singletonMap("image", MobileNetV2Builder.seededInput(seed, 1));
            long w0 = System.nanoTime();
            float[] probs = s.run(feeds).get("probs").floats();              // (1000,)
            out.printf(Locale.ROOT, "  first (warm-up) run %.0f ms%n", (System.nanoTime() - w0) / 1e6);
            out.print("  top-5 classes:");
            for (int c : topK(probs, 5)) {
                out.printf(Locale.ROOT, " %d (p=%.3f)", c, probs[c]);
            }
            ProfileReport profile = Profiler.profile(s, feeds, 3, Math.max(1, runs));
            report.profile(model, profile);
            out.printf(Locale.ROOT, "%n  time per op type (median of %d run(s) on %s; whole run median %.1f ms, %.2f GFLOP, "
                    + "%.2f GFLOP/s):%n", profile.runs(), profile.backend(), profile.runMedianNanos() / 1e6,
                    profile.totalFlops() / 1e9, profile.totalFlops() / (double) Math.max(1, profile.runMedianNanos()));
            out.printf("  %-20s %6s %10s %7s%n", "op type", "nodes", "ms", "share");
            for (OpTypeSummary t : profile.byOpType()) {
                out.printf(Locale.ROOT, "  %-20s %6d %10.2f %6.1f%%%n", t.opType(), t.count(), t.medianNanos() / 1e6,
                        100 * t.share());
            }
        }
    }

    static int[] topK(float[] v, int k) {
        int[] best = new int[Math.min(k, v.length)];
        boolean[] taken = new boolean[v.length];
        for (int j = 0; j < best.length; j++) {
            int b = -1;
            for (int i = 0; i < v.length; i++) {
                if (!taken[i] && (b < 0 || v[i] > v[b])) {
                    b = i;
                }
            }
            taken[b] = true;
            best[j] = b;
        }
        return best;
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
