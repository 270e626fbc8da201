package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.diff.BackendDiff;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.engine.diff.NodeDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ondeck diff MODEL --backend A --vs B}: per-node error of B against A and the first divergent node.
 * Exit 0 when it ran, 3 when {@code --fail-above T} is given and a node's error exceeds T, 1 on error.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Run the same inputs through two backends, align nodes, print each node's error against the "
                + "reference (--backend) and the first node whose error exceeds the tolerance.")
final class DiffCommand implements Callable<Integer> {
    /** Exit code when --fail-above is exceeded. */
    static final int DIVERGED = 3;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file.")
    Path modelPath;

    @Mixin
    InputOptions inputs;

    @Option(names = "--backend", paramLabel = "A", required = true, description = "Reference backend.")
    String backendA;

    @Option(names = "--vs", paramLabel = "B", required = true, description = "Backend compared against the reference.")
    String backendB;

    @Option(names = "--tolerance", paramLabel = "T",
            description = "Max abs error above which a node counts as divergent (default: ${DEFAULT-VALUE}).")
    double tolerance = 1e-4;

    @Option(names = "--fail-above", paramLabel = "T", description = "Exit with 3 when any node's max abs error exceeds T.")
    Double failAbove;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Model model = Model.load(modelPath);
             Session a = model.newSession(SessionOptions.builder().backend(backendA).foldConstants(false).build());
             Session b = model.newSession(SessionOptions.builder().backend(backendB).foldConstants(false).build())) {
            Map<String, Tensor> feeds = inputs.resolve(model, spec.commandLine());
            out.println("inputs: " + inputs.describe(model));
            DiffReport report = BackendDiff.compare(a, b, feeds);
            out.print(report.table(tolerance));
            if (failAbove != null) {
                NodeDiff over = report.firstDivergent(failAbove);
                if (over != null) {
                    spec.commandLine().getErr().printf("ondeck: node '%s' (%s) exceeds --fail-above %s%n", over.node(),
                            over.opType(), failAbove);
                    return DIVERGED;
                }
            }
        }
        return 0;
    }
}
