package dev.ondeck.visualizers;

import dev.ondeck.visualizers.internal.GraphPainter;
import dev.ondeck.visualizers.internal.GraphScene;
import dev.ondeck.visualizers.internal.GraphSvg;
import dev.ondeck.visualizers.internal.PaintedFigure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A model graph as a picture: a layered top-to-bottom layout, nodes coloured by op type, time share,
 * backend or fallback, groups (name scopes) framed and collapsible into one box each.
 *
 * <pre>{@code
 * GraphDiagram d = GraphDiagram.of(FromEngine.graph(model.graph(), profile)).colour(NodeColour.TIME_SHARE);
 * Files.writeString(Path.of("graph.html"), Html.page("model", d.html()));
 * }</pre>
 */
public final class GraphDiagram {
    private final ModelGraph graph;
    private final NodeColour colour;
    private final Set<String> collapsed;

    private GraphDiagram(ModelGraph graph, NodeColour colour, Set<String> collapsed) {
        this.graph = graph;
        this.colour = colour;
        this.collapsed = Set.copyOf(collapsed);
    }

    public static GraphDiagram of(ModelGraph graph) {
        return new GraphDiagram(graph, NodeColour.OP_TYPE, Set.of());
    }

    public GraphDiagram colour(NodeColour c) {
        return new GraphDiagram(graph, c, collapsed);
    }

    /** Draws each of these groups as one box. */
    public GraphDiagram collapse(Collection<String> groups) {
        Set<String> known = groups();
        for (String g : groups) {
            if (!known.contains(g)) {
                throw new IllegalArgumentException("unknown group " + g + ", expected one of " + known);
            }
        }
        return new GraphDiagram(graph, colour, new LinkedHashSet<>(groups));
    }

    /** Draws every group as one box. */
    public GraphDiagram collapseAll() {
        return new GraphDiagram(graph, colour, groups());
    }

    /** The non-empty groups, in order of first appearance. */
    public Set<String> groups() {
        Set<String> out = new LinkedHashSet<>();
        for (ModelGraph.Node n : graph.nodes()) {
            if (!n.group().isEmpty()) {
                out.add(n.group());
            }
        }
        return out;
    }

    /** The picture: PNG by Java2D, SVG hand-written with groups as {@code <g class="subgraph">}. */
    public Figure figure() {
        GraphScene scene = new GraphScene(graph, colour, collapsed);
        int w = (int) Math.ceil(scene.width());
        int h = (int) Math.ceil(scene.height());
        List<Series> data = List.of(Series.categories("time share",
                graph.nodes().stream().map(ModelGraph.Node::id).toList(),
                graph.nodes().stream().mapToDouble(ModelGraph.Node::timeShare).toArray()));
        String svg = GraphSvg.of(scene);
        return new PaintedFigure(graph.name(), w, h, data, g -> GraphPainter.paint(g, scene), svg);
    }

    public String svg() {
        return GraphSvg.of(new GraphScene(graph, colour, collapsed));
    }

    /**
     * HTML with collapsible sections ({@code <details>}): an overview with every group collapsed, one
     * section per group showing its nodes, and the whole graph expanded. Without groups, just the SVG.
     */
    public String html() {
        Set<String> groups = groups();
        if (groups.isEmpty()) {
            return "<div class=\"ondeck-graph\">" + svg() + "</div>";
        }
        StringBuilder sb = new StringBuilder("<div class=\"ondeck-graph\">\n");
        sb.append("<details open><summary>overview: ").append(groups.size()).append(" groups collapsed</summary>\n")
                .append(collapseAll().svg()).append("</details>\n");
        Map<String, List<ModelGraph.Node>> members = new LinkedHashMap<>();
        graph.nodes().forEach(n -> members.computeIfAbsent(n.group(), k -> new ArrayList<>()).add(n));
        for (String g : groups) {
            List<ModelGraph.Node> nodes = members.get(g);
            double share = nodes.stream().mapToDouble(ModelGraph.Node::timeShare).sum();
            sb.append("<details><summary>").append(Html.escape(g)).append(" (").append(nodes.size()).append(" nodes")
                    .append(share > 0 ? String.format(Locale.ROOT, ", %.1f%% of the time", 100 * share) : "")
                    .append(")</summary>\n").append(new GraphDiagram(subgraph(g, nodes), colour, Set.of()).svg())
                    .append("</details>\n");
        }
        sb.append("<details><summary>whole graph, expanded (").append(graph.nodes().size()).append(" nodes)</summary>\n")
                .append(svg()).append("</details>\n</div>");
        return sb.toString();
    }

    private ModelGraph subgraph(String group, List<ModelGraph.Node> nodes) {
        Set<String> ids = new LinkedHashSet<>();
        nodes.forEach(n -> ids.add(n.id()));
        List<ModelGraph.Edge> edges = graph.edges().stream().filter(e -> ids.contains(e.from()) && ids.contains(e.to()))
                .toList();
        List<ModelGraph.Node> inner = nodes.stream().map(n -> new ModelGraph.Node(n.id(), n.opType(), n.kind(), "",
                n.nanos(), n.timeShare(), n.backend(), n.fallback())).toList();
        return new ModelGraph(graph.name() + ": " + group, inner, edges);
    }
}
