package dev.ondeck.visualizers.internal;

import dev.ondeck.visualizers.ModelGraph;
import dev.ondeck.visualizers.NodeColour;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a graph picture shows: boxes (nodes, or whole collapsed groups), deduplicated edges, their layout,
 * fill colours and the legend. {@link GraphSvg} and {@link GraphPainter} draw it.
 */
public final class GraphScene {
    static final double BOX_W = 156;
    static final double BOX_H = 36;
    static final double LAYER_GAP = 64;
    static final double MARGIN = 20;
    static final double TITLE_H = 40;
    static final double LEGEND_W = 230;

    /** One drawn box. */
    record Box(String id, String line1, String line2, String tooltip, String group, boolean isGroup,
               ModelGraph.Kind kind, Color fill) {
    }

    final String title;
    final List<Box> boxes = new ArrayList<>();
    final List<int[]> edges = new ArrayList<>();
    final Map<String, Color> legend = new LinkedHashMap<>();
    final LayeredLayout layout;

    public GraphScene(ModelGraph g, NodeColour colour, Set<String> collapsed) {
        this.title = g.name() + " (" + g.nodes().stream().filter(n -> n.kind() == ModelGraph.Kind.OP).count()
                + " nodes, coloured by " + colour.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
        Map<String, Integer> boxOf = new HashMap<>();
        Map<String, List<ModelGraph.Node>> members = new LinkedHashMap<>();
        for (ModelGraph.Node n : g.nodes()) {
            members.computeIfAbsent(n.group(), k -> new ArrayList<>()).add(n);
        }
        Colours colours = new Colours(g, colour);
        for (ModelGraph.Node n : g.nodes()) {
            boolean fold = !n.group().isEmpty() && collapsed.contains(n.group());
            String key = fold ? "group:" + n.group() : n.id();
            if (!boxOf.containsKey(key)) {
                boxOf.put(key, boxes.size());
                boxes.add(fold ? groupBox(n.group(), members.get(n.group()), colours) : nodeBox(n, colours));
            }
            boxOf.put(n.id(), boxOf.get(key));
        }
        Set<Long> seen = new LinkedHashSet<>();
        for (ModelGraph.Edge e : g.edges()) {
            Integer a = boxOf.get(e.from());
            Integer b = boxOf.get(e.to());
            if (a != null && b != null && !a.equals(b) && seen.add(((long) a << 32) | b)) {
                edges.add(new int[] {a, b});
            }
        }
        legend.putAll(colours.legend());
        int[] from = edges.stream().mapToInt(e -> e[0]).toArray();
        int[] to = edges.stream().mapToInt(e -> e[1]).toArray();
        layout = LayeredLayout.of(boxes.size(), from, to, BOX_W, LAYER_GAP);
    }

    private static Box nodeBox(ModelGraph.Node n, Colours colours) {
        String tip = n.id() + "\n" + n.opType() + (n.backend().isEmpty() ? "" : " on " + n.backend())
                + (n.fallback() ? " (fallback)" : "") + (n.nanos() > 0 ? String.format(Locale.ROOT,
                "\n%.3f ms, %.1f%% of the time", n.nanos() / 1e6, 100 * n.timeShare()) : "")
                + (n.group().isEmpty() ? "" : "\ngroup " + n.group());
        String line1 = n.kind() == ModelGraph.Kind.OP ? n.opType() : n.kind().name().toLowerCase(Locale.ROOT);
        return new Box(n.id(), Styling.clip(line1, 22), Styling.clipName(shortName(n.id()), 24), tip, n.group(), false,
                n.kind(), colours.of(n));
    }

    private static Box groupBox(String group, List<ModelGraph.Node> nodes, Colours colours) {
        long nanos = 0;
        double share = 0;
        Set<String> types = new LinkedHashSet<>();
        for (ModelGraph.Node n : nodes) {
            nanos += n.nanos();
            share += n.timeShare();
            types.add(n.opType());
        }
        String line2 = nodes.size() + " nodes" + (share > 0 ? String.format(Locale.ROOT, ", %.1f%%", 100 * share) : "");
        String tip = group + "\n" + nodes.size() + " nodes: " + String.join(", ", types)
                + (nanos > 0 ? String.format(Locale.ROOT, "\n%.3f ms, %.1f%% of the time", nanos / 1e6, 100 * share) : "");
        return new Box("group:" + group, Styling.clipName(shortName(group), 22), line2, tip, group, true,
                ModelGraph.Kind.OP, colours.ofGroup(nodes, share));
    }

    /** The last path component of a scoped name ("/a/b/Conv" gives "b/Conv" when the last is an op name). */
    static String shortName(String id) {
        String s = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        int cut = s.lastIndexOf('/');
        if (cut > 0) {
            int prev = s.lastIndexOf('/', cut - 1);
            return s.substring(prev + 1);
        }
        return s;
    }

    public double width() {
        return MARGIN * 2 + Math.max(layout.width, 300) + LEGEND_W;
    }

    public double height() {
        return TITLE_H + MARGIN * 2 + Math.max(layout.height, 28 + 18 * legend.size());
    }

    double cx(int v) {
        return MARGIN + layout.x[v];
    }

    double cy(int v) {
        return TITLE_H + MARGIN + layout.y[v];
    }

    /** The route of edge e as points: from the source box's bottom, through bends, to the target's top. */
    double[][] route(int e) {
        int[] r = layout.routes.get(e);
        double[][] pts = new double[r.length][];
        for (int k = 0; k < r.length; k++) {
            double dy = k == 0 ? BOX_H / 2 : k == r.length - 1 ? -BOX_H / 2 - 3 : 0;
            pts[k] = new double[] {cx(r[k]), cy(r[k]) + dy};
        }
        return pts;
    }

    /** Fill colours by the chosen mode, and their legend. */
    private static final class Colours {
        private final NodeColour mode;
        private final Map<String, Color> categories;
        private final double maxShare;

        Colours(ModelGraph g, NodeColour mode) {
            this.mode = mode;
            Set<String> keys = new LinkedHashSet<>();
            double max = 0;
            for (ModelGraph.Node n : g.nodes()) {
                if (n.kind() == ModelGraph.Kind.OP) {
                    keys.add(mode == NodeColour.BACKEND ? (n.backend().isEmpty() ? "unknown" : n.backend()) : n.opType());
                    max = Math.max(max, n.timeShare());
                }
            }
            this.categories = Palette.categorical(keys);
            this.maxShare = max;
        }

        Color of(ModelGraph.Node n) {
            if (n.kind() != ModelGraph.Kind.OP) {
                return Color.WHITE;
            }
            return switch (mode) {
                case OP_TYPE -> categories.get(n.opType());
                case BACKEND -> categories.get(n.backend().isEmpty() ? "unknown" : n.backend());
                case TIME_SHARE -> Palette.heat(maxShare == 0 ? 0 : n.timeShare() / maxShare);
                case FALLBACK -> n.fallback() ? new Color(0xf28e2b) : new Color(0xd9d9d9);
            };
        }

        Color ofGroup(List<ModelGraph.Node> nodes, double share) {
            return switch (mode) {
                case TIME_SHARE -> Palette.heat(maxShare == 0 ? 0 : Math.min(1, share / maxShare));
                case FALLBACK -> nodes.stream().anyMatch(ModelGraph.Node::fallback) ? new Color(0xf28e2b) : new Color(0xd9d9d9);
                default -> new Color(0xeeeeee);
            };
        }

        Map<String, Color> legend() {
            Map<String, Color> out = new LinkedHashMap<>();
            switch (mode) {
                case OP_TYPE, BACKEND -> out.putAll(categories);
                case TIME_SHARE -> {
                    for (int i = 4; i >= 0; i--) {
                        out.put(String.format(Locale.ROOT, "%.1f%% of time", 100 * maxShare * i / 4), Palette.heat(i / 4.0));
                    }
                }
                case FALLBACK -> {
                    out.put("fell back", new Color(0xf28e2b));
                    out.put("ran where asked", new Color(0xd9d9d9));
                }
            }
            return out;
        }
    }
}
