import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.diff.BackendDiff;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.engine.diff.NodeDiff;
import dev.ondeck.visualizers.EngineCharts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Example 3, diff: run the digits CNN on the reference backend and on the fast default backend, compare every
 * node's output, report the first node that differs by more than a tolerance, and save the per-node error chart.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp "cli/target/classes:cli/target/lib/*" examples/java/Diff01.java [MODELS_DIR] [OUT_DIR]</pre>
 */
public final class Diff01 {
    // expect: reference cpu-ref vs
    // expect: largest error anywhere:
    // expect: error chart written to

    private static final double TOLERANCE = 1e-4;

    private Diff01() {
    }

    public static void main(String[] args) throws IOException {
        Path models = Path.of(args.length > 0 ? args[0] : "examples/models");
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "diff01-out"));
        Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
        String fast = Backends.defaultName();
        try (Model model = Model.load(models.resolve("digits_cnn.onnx"));
             Session reference = model.newSession(SessionOptions.builder().backend("cpu-ref").foldConstants(false).build());
             Session other = model.newSession(SessionOptions.builder().backend(fast).foldConstants(false).build())) {
            DiffReport diff = BackendDiff.compare(reference, other, Map.of("image", images));
            System.out.println("reference cpu-ref vs " + fast + ", " + diff.nodes().size() + " nodes compared");
            System.out.print(diff.table(TOLERANCE));
            NodeDiff first = diff.firstDivergent(TOLERANCE);
            System.out.println(first == null ? "no node differs by more than " + TOLERANCE
                    : "first node over " + TOLERANCE + ": " + first.node() + " (" + first.opType() + ")");
            System.out.printf(Locale.ROOT, "largest error anywhere: %.3g%n", diff.maxError());
            Path chart = EngineCharts.diff(diff, TOLERANCE).write(out.resolve("node-errors.png"));
            System.out.println("error chart written to " + chart);
        }
    }
}
