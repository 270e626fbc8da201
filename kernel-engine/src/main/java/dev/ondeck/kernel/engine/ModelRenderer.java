package dev.ondeck.kernel.engine;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.Renderer;
import dev.ondeck.visualizers.EngineCharts;
import dev.ondeck.visualizers.GraphDiagram;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shows a {@link Model} as a summary (producer, opsets, inputs and outputs, node counts by op type) beside its
 * graph ({@link EngineCharts#modelHtml}: an overview with name scopes collapsed, closed sections per scope and
 * per If/Loop/Scan body). The bundle's {@code image/svg+xml} is the overview.
 */
public final class ModelRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return Model.class;
    }

    @Override
    public MimeBundle render(Object value) {
        Model m = (Model) value;
        Map<String, Integer> ops = new TreeMap<>();
        for (Node n : m.nodes()) {
            ops.merge(n.opType(), 1, Integer::sum);
        }
        StringBuilder html = new StringBuilder("<div class=\"ondeck-model\"><table>");
        html.append(Html.row(true, "model", m.path() == null ? "(in memory)" : m.path().getFileName()));
        html.append(Html.row(false, "producer", m.producer()));
        html.append(Html.row(false, "IR version", m.irVersion()));
        html.append(Html.row(false, "opsets", m.opsets()));
        html.append(Html.row(false, "nodes", m.nodes().size()));
        html.append("</table><table>").append(Html.row(true, "", "name", "type"));
        for (ValueInfo v : m.inputs()) {
            html.append(Html.row(false, "input", v.name(), v.type()));
        }
        for (ValueInfo v : m.outputs()) {
            html.append(Html.row(false, "output", v.name(), v.type()));
        }
        html.append("</table><table>").append(Html.row(true, "op type", "count"));
        ops.forEach((op, n) -> html.append(Html.row(false, op, n)));
        html.append("</table>").append(EngineCharts.modelHtml(m.graph(), null)).append("</div>");
        GraphDiagram diagram = EngineCharts.model(m.graph(), null);
        StringBuilder text = new StringBuilder("Model ")
                .append(m.path() == null ? "(in memory)" : m.path().getFileName())
                .append(": ").append(m.nodes().size()).append(" nodes, inputs ").append(m.inputs())
                .append(", outputs ").append(m.outputs()).append(", ops ").append(ops);
        return MimeBundle.of("text/html", html.toString()).put("text/plain", text.toString())
                .put("image/svg+xml", diagram.groups().isEmpty() ? diagram.svg() : diagram.collapseAll().svg());
    }
}
