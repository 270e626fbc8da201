package dev.ondeck.visualizers;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.engine.diff.NodeDiff;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.inspect.TensorStats;
import dev.ondeck.engine.profile.NodeProfile;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the engine's reports, tensors and graphs into the plain data the charts draw. */
public final class FromEngine {
    private static final Pattern TRACE_EVENT = Pattern.compile("\"ts\": ([-0-9.eE+]+), \"dur\": ([-0-9.eE+]+)");

    private FromEngine() {
    }

    /**
     * The profiled nodes (folded ones left out) with their median times, for bars and rooflines. Lanes are
     * backends; a node is a fallback when its backend is not the profile's. Starts are the medians laid end
     * to end; {@link #lastRun(ProfileReport)} has the measured ones.
     */
    public static List<NodeTiming> timings(ProfileReport report) {
        List<NodeProfile> timed = timed(report);
        List<NodeTiming> out = new ArrayList<>();
        long start = 0;
        for (NodeProfile n : timed) {
            out.add(timing(report, n, start, n.medianNanos()));
            start += n.medianNanos();
        }
        return out;
    }

    /**
     * The last profiled run as measured, for the timeline: each node's start in the run and its duration
     * there (read from the profile's Chrome trace export); the medians laid end to end when it cannot be read.
     */
    public static List<NodeTiming> lastRun(ProfileReport report) {
        List<NodeProfile> timed = timed(report);
        List<long[]> events = new ArrayList<>();
        Matcher m = TRACE_EVENT.matcher(report.toChromeTrace());
        while (m.find()) {
            events.add(new long[] {Math.round(Double.parseDouble(m.group(1)) * 1e3),
                Math.round(Double.parseDouble(m.group(2)) * 1e3)});
        }
        if (events.size() != timed.size()) {
            return timings(report);
        }
        List<NodeTiming> out = new ArrayList<>();
        for (int i = 0; i < timed.size(); i++) {
            out.add(timing(report, timed.get(i), events.get(i)[0], Math.max(0, events.get(i)[1])));
        }
        return out;
    }

    private static List<NodeProfile> timed(ProfileReport report) {
        return report.nodes().stream().filter(n -> !n.folded()).toList();
    }

    private static NodeTiming timing(ProfileReport report, NodeProfile n, long start, long nanos) {
        return new NodeTiming(n.name(), n.opType(), n.backend(), n.backend(), start, nanos, n.flops(), n.bytesMoved(),
                !n.backend().equals(report.backend()));
    }

    /** One backend's median time per node, labelled with the profile's backend. */
    public static BackendTimes backendTimes(ProfileReport report) {
        Map<String, Long> t = new LinkedHashMap<>();
        for (NodeProfile n : report.nodes()) {
            if (!n.folded()) {
                t.put(n.name(), n.medianNanos());
            }
        }
        return new BackendTimes(report.backend(), t);
    }

    /** Several profiles of one model (one per backend) for the backend comparison. */
    public static List<BackendTimes> backendTimes(List<ProfileReport> reports) {
        return reports.stream().map(FromEngine::backendTimes).toList();
    }

    public static MemoryTimeline memory(ProfileReport report) {
        return new MemoryTimeline(report.model() + " on " + report.backend(),
                report.nodes().stream().map(NodeProfile::name).toList(), report.memoryTimeline());
    }

    public static List<NodeError> errors(DiffReport diff) {
        List<NodeError> out = new ArrayList<>();
        for (NodeDiff d : diff.nodes()) {
            double rel = d.comparison() == null ? Double.NaN : d.comparison().maxRelError();
            out.add(new NodeError(d.node(), d.opType(), d.index(), d.maxAbsError(), rel, d.problem()));
        }
        return out;
    }

    public static Histogram histogram(String title, TensorStats stats) {
        return new Histogram(title, stats.binEdges(), stats.histogram());
    }

    /**
     * Channels of an activation: (N, C, H, W) takes batch item 0, (C, H, W) and (H, W) as they are.
     */
    public static FeatureMaps featureMaps(String title, Tensor t) {
        int[] s = t.shape();
        if (s.length < 2 || s.length > 4) {
            throw new IllegalArgumentException("feature maps need a (N, C, H, W), (C, H, W) or (H, W) tensor, found shape "
                    + java.util.Arrays.toString(s));
        }
        int w = s[s.length - 1];
        int h = s[s.length - 2];
        int c = s.length >= 3 ? s[s.length - 3] : 1;
        float[] data = new float[c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) t.getDouble(i);
        }
        return new FeatureMaps(title, c, h, w, data);
    }

    /** The graph without timings, grouped by {@link #scope(String)}. */
    public static ModelGraph graph(Graph g) {
        return graph(g, null, FromEngine::scope);
    }

    /** The graph with each node's time, share and backend from a profile of it (may be null). */
    public static ModelGraph graph(Graph g, ProfileReport report) {
        return graph(g, report, FromEngine::scope);
    }

    /**
     * The graph's nodes (and its inputs and outputs as nodes), edges from producer to consumer, each node
     * in the group {@code grouping} gives its name ("" for none).
     */
    public static ModelGraph graph(Graph g, ProfileReport report, Function<String, String> grouping) {
        Map<String, NodeProfile> prof = new HashMap<>();
        if (report != null) {
            report.nodes().forEach(p -> prof.put(p.name(), p));
        }
        long total = report == null ? 0 : report.sumOfNodeMedians();
        List<ModelGraph.Node> nodes = new ArrayList<>();
        List<ModelGraph.Edge> edges = new ArrayList<>();
        Map<String, String> producer = new HashMap<>();
        for (ValueInfo in : g.inputs()) {
            if (!g.initializers().containsKey(in.name())) {
                String id = "input:" + in.name();
                nodes.add(new ModelGraph.Node(id, in.type().toString(), ModelGraph.Kind.INPUT, "", 0, 0, "", false));
                producer.put(in.name(), id);
            }
        }
        for (Node n : g.nodes()) {
            NodeProfile p = prof.get(n.name());
            long nanos = p == null ? 0 : p.medianNanos();
            String backend = p == null ? "" : p.backend();
            boolean fallback = p != null && !p.folded() && !backend.equals(report.backend());
            nodes.add(new ModelGraph.Node(n.name(), n.opType(), ModelGraph.Kind.OP, grouping.apply(n.name()), nanos,
                    total == 0 ? 0 : nanos / (double) total, backend, fallback));
            for (String in : n.inputs()) {
                if (producer.containsKey(in)) {
                    edges.add(new ModelGraph.Edge(producer.get(in), n.name(), in));
                }
            }
            for (String out : n.outputs()) {
                if (!out.isEmpty()) {
                    producer.put(out, n.name());
                }
            }
        }
        for (ValueInfo out : g.outputs()) {
            String id = "output:" + out.name();
            nodes.add(new ModelGraph.Node(id, out.type().toString(), ModelGraph.Kind.OUTPUT, "", 0, 0, "", false));
            if (producer.containsKey(out.name())) {
                edges.add(new ModelGraph.Edge(producer.get(out.name()), id, out.name()));
            }
        }
        return new ModelGraph(g.name(), nodes, edges);
    }

    /**
     * The default group of a node name: path-like names are grouped by their leading scopes, all but the
     * last two components and at most two ("/features/features.3/conv/conv.0/Conv" gives
     * "/features/features.3", "/stem/conv/Conv" and "/stem/Conv" give "/stem"); dotted names by the part
     * before the first dot ("l5.conv" gives "l5"); other names have none.
     */
    public static String scope(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.size() >= 2) {
            int depth = Math.max(1, Math.min(2, parts.size() - 2));
            return (name.startsWith("/") ? "/" : "") + String.join("/", parts.subList(0, depth));
        }
        int dot = name.indexOf('.');
        return dot > 0 && !name.contains("/") ? name.substring(0, dot) : "";
    }
}
