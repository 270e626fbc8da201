package dev.ondeck.visualizers;

import dev.ondeck.visualizers.internal.FeatureMapPainter;
import dev.ondeck.visualizers.internal.ProfileCharts;
import dev.ondeck.visualizers.internal.RooflineChart;
import dev.ondeck.visualizers.internal.TimelinePainter;
import dev.ondeck.visualizers.internal.ValueCharts;
import java.util.List;

/**
 * Every chart, from plain data ({@link FromEngine} turns engine reports into that data). Each returns a
 * {@link Figure}: PNG, SVG or HTML, and the numbers drawn.
 *
 * <pre>{@code
 * List<NodeTiming> t = FromEngine.timings(profile);
 * Charts.latencyBars("slowest nodes", t, 25).write(Path.of("out/latency.png"));
 * }</pre>
 */
public final class Charts {
    private Charts() {
    }

    /** The {@code top} slowest nodes as bars (ms), coloured by op type. */
    public static Figure latencyBars(String title, List<NodeTiming> nodes, int top) {
        return ProfileCharts.latencyBars(title, nodes, top);
    }

    /** Share of time per op type as a donut; types beyond {@code top} are summed as "other". */
    public static Figure opTypeBreakdown(String title, List<NodeTiming> nodes, int top) {
        return ProfileCharts.opTypeBreakdown(title, nodes, top);
    }

    /** Ops over time, one row per lane (backend or thread), coloured by op type. */
    public static Figure timeline(String title, List<NodeTiming> nodes) {
        return TimelinePainter.of(title, nodes, 1200);
    }

    /** Grouped bars per node, one bar per backend, for the {@code top} nodes with the largest time anywhere. */
    public static Figure backendComparison(String title, List<BackendTimes> backends, int top) {
        return ProfileCharts.backendComparison(title, backends, top);
    }

    /**
     * Achieved GFLOP/s against arithmetic intensity (log-log) under the machine's roofs; nodes without
     * FLOPs or bytes are left out. Measure the machine with {@link MachineProbe} or give datasheet numbers.
     */
    public static Figure roofline(String title, List<NodeTiming> nodes, Machine machine) {
        return RooflineChart.of(title, nodes, machine);
    }

    /** Live activation memory over the run, with the peak marked. */
    public static Figure memoryTimeline(MemoryTimeline memory) {
        return ValueCharts.memory(memory);
    }

    /** Bin counts of a tensor's values. */
    public static Figure histogram(Histogram histogram) {
        return ValueCharts.histogram(histogram);
    }

    /** The first {@code maxChannels} channels as a grid of heatmaps, each scaled to its own range. */
    public static Figure featureMaps(FeatureMaps maps, int maxChannels) {
        return FeatureMapPainter.of(maps, maxChannels);
    }

    /** Max absolute error per node (log scale), with the tolerance line and non-comparable outputs marked. */
    public static Figure nodeErrors(String title, List<NodeError> errors, double tolerance) {
        return ValueCharts.nodeErrors(title, errors, tolerance);
    }

    /** The model graph, coloured by {@code colour}; see {@link GraphDiagram} for collapsing groups. */
    public static Figure graph(ModelGraph graph, NodeColour colour) {
        return GraphDiagram.of(graph).colour(colour).figure();
    }
}
