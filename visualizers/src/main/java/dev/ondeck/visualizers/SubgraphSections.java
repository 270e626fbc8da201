package dev.ondeck.visualizers;

import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code If}, {@code Loop} and {@code Scan} nodes as collapsible HTML sections
 * ({@code <details>}, closed until clicked; no script), one per body, nested for bodies inside bodies.
 */
final class SubgraphSections {
    private static final String GRAPH_ATTRIBUTE = "graph '";

    private SubgraphSections() {
    }

    /** The sections for every node of {@code g} that runs subgraphs; "" when none does. */
    static String html(Graph g, NodeColour colour) {
        StringBuilder sb = new StringBuilder();
        for (Node n : g.nodes()) {
            List<Graph> bodies = n.op().subgraphs();
            List<String> names = graphAttributeNames(n);
            for (int i = 0; i < bodies.size(); i++) {
                Graph body = bodies.get(i);
                String label = n.opType() + " " + n.name() + ": " + (i < names.size() ? names.get(i) : "body " + i)
                        + " (" + body.nodes().size() + " nodes)";
                sb.append("<details class=\"ondeck-subgraph\"><summary>").append(Html.escape(label))
                        .append("</summary>\n<div style=\"margin-left:1.5em\">")
                        .append(GraphDiagram.of(FromEngine.graph(body)).colour(colour).html())
                        .append(html(body, colour)).append("</div></details>\n");
            }
        }
        return sb.toString();
    }

    /** The node's graph-valued attribute names in attribute order (then_branch, else_branch; body). */
    private static List<String> graphAttributeNames(Node n) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Object> a : n.attributes().entrySet()) {
            if (a.getValue() instanceof String s && s.startsWith(GRAPH_ATTRIBUTE)) {
                names.add(a.getKey());
            }
        }
        return names;
    }
}
