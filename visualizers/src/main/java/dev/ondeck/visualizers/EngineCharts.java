package dev.ondeck.visualizers;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.engine.diff.NodeDiff;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.inspect.TensorStats;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The default pictures of engine objects, what a notebook renderer shows for each: a profile, a diff, a
 * tensor, a model. Each is a short composition of {@link FromEngine} and {@link Charts}.
 */
public final class EngineCharts {
    /** Nodes shown in latency bars and backend comparisons. */
    public static final int TOP = 25;

    private EngineCharts() {
    }

    /** Slowest nodes, time by op type, the last run's timeline and the memory timeline. */
    public static List<Figure> profile(ProfileReport r) {
        String name = r.model() + " on " + r.backend();
        List<NodeTiming> t = FromEngine.timings(r);
        return List.of(Charts.latencyBars(name + ": slowest " + Math.min(TOP, t.size()) + " nodes", t, TOP),
                Charts.opTypeBreakdown(name + ": time by op type", t, 8),
                Charts.timeline(name + ": last profiled run", FromEngine.lastRun(r)),
                Charts.memoryTimeline(FromEngine.memory(r)));
    }

    /** Each node's max abs error of side B against side A, with {@code tolerance} marked. */
    public static Figure diff(DiffReport d, double tolerance) {
        NodeDiff first = d.firstDivergent(tolerance);
        String title = d.backendB() + " vs " + d.backendA() + (first == null ? ": no node over the tolerance"
                : String.format(Locale.ROOT, ": first divergent %s (%s)", first.node(), first.opType()));
        return Charts.nodeErrors(title, FromEngine.errors(d), tolerance);
    }

    /**
     * A histogram of the values, and for (N, C, H, W) or (C, H, W) tensors of a floating type with at least
     * 4x4 planes, the first 32 channels as heatmaps.
     */
    public static List<Figure> tensor(String name, Tensor t) {
        List<Figure> out = new ArrayList<>();
        TensorStats stats = TensorStats.of(t, 40);
        String title = String.format(Locale.ROOT, "%s %s%s: mean %.3g, std %.3g, zeros %.1f%%%s", name, t.dtype(),
                java.util.Arrays.toString(t.shape()), stats.mean(), stats.std(), 100 * stats.zeroFraction(),
                stats.hasNonFinite() ? ", NaN " + stats.nanCount() + ", inf " + stats.infCount() : "");
        out.add(Charts.histogram(FromEngine.histogram(title, stats)));
        int r = t.rank();
        if (t.dtype().isFloating() && (r == 3 || r == 4) && t.dim(r - 1) >= 4 && t.dim(r - 2) >= 4) {
            out.add(Charts.featureMaps(FromEngine.featureMaps(name, t), 32));
        }
        return out;
    }

    /**
     * The model as HTML: {@link GraphDiagram#html()} of the main graph (an overview with name-scope groups
     * collapsed, each group and the whole graph in closed sections), then each {@code If}/{@code Loop}/
     * {@code Scan} body as a closed {@code <details>} section with its own diagram, nested for nested bodies.
     */
    public static String modelHtml(Graph g, ProfileReport profileOrNull) {
        GraphDiagram d = model(g, profileOrNull);
        String bodies = SubgraphSections.html(g, NodeColour.OP_TYPE);
        return bodies.isEmpty() ? d.html() : d.html() + "\n<div class=\"ondeck-subgraphs\">" + bodies + "</div>";
    }

    /** The graph, coloured by time share when a profile is given, else by op type. */
    public static GraphDiagram model(Graph g, ProfileReport profileOrNull) {
        return GraphDiagram.of(FromEngine.graph(g, profileOrNull))
                .colour(profileOrNull == null ? NodeColour.OP_TYPE : NodeColour.TIME_SHARE);
    }
}
