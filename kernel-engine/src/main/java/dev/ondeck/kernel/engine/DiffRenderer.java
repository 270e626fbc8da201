package dev.ondeck.kernel.engine;

import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.engine.diff.NodeDiff;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.Renderer;
import dev.ondeck.visualizers.EngineCharts;
import dev.ondeck.visualizers.Figure;
import java.util.Locale;

/**
 * Shows a {@link DiffReport} as the per-node error chart ({@link EngineCharts#diff}) above a table of every
 * node, with the first node over the tolerance highlighted. A value shown directly uses
 * {@link #DEFAULT_TOLERANCE}; {@link #bundle(DiffReport, double)} takes another.
 */
public final class DiffRenderer implements Renderer {
    /** Max absolute error above which a node counts as divergent when none is given. */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    private static final String FIRST = "background:#ffd6cc;font-weight:bold";
    private static final String OVER = "background:#fff0e0";

    @Override
    public Class<?> type() {
        return DiffReport.class;
    }

    @Override
    public MimeBundle render(Object value) {
        return bundle((DiffReport) value, DEFAULT_TOLERANCE);
    }

    /** The chart and the table for {@code d} at {@code tolerance}; display it with {@code display(...)}. */
    public static MimeBundle bundle(DiffReport d, double tolerance) {
        Figure chart = EngineCharts.diff(d, tolerance);
        NodeDiff first = d.firstDivergent(tolerance);
        StringBuilder html = new StringBuilder("<div class=\"ondeck-diff\"><p>").append(Html.escape(summary(d, first,
                tolerance))).append("</p>").append(chart.html()).append("<table>")
                .append(Html.row(true, "#", "node", "op", "max abs", "max rel", "cosine", "note"));
        for (NodeDiff n : d.nodes()) {
            String style = n == first ? FIRST : n.maxAbsError() > tolerance ? OVER : "";
            html.append(style.isEmpty() ? "<tr>" : "<tr style=\"" + style + "\">");
            cells(html, n, n == first);
            html.append("</tr>");
        }
        html.append("</table></div>");
        return MimeBundle.of("text/html", html.toString()).put("image/png", chart.pngBase64())
                .put("text/plain", d.table(tolerance));
    }

    private static void cells(StringBuilder html, NodeDiff n, boolean first) {
        String rel = n.comparison() == null ? "" : g4(n.comparison().maxRelError());
        String cos = n.comparison() == null ? "" : String.format(Locale.ROOT, "%.6f", n.comparison().cosineSimilarity());
        String note = n.problem() != null ? n.problem() : first ? "first divergent node" : "";
        for (Object c : new Object[] {n.index(), n.node(), n.opType(), g4(n.maxAbsError()), rel, cos, note}) {
            html.append("<td>").append(Html.escape(c)).append("</td>");
        }
    }

    private static String summary(DiffReport d, NodeDiff first, double tolerance) {
        String head = String.format(Locale.ROOT, "%s against %s (reference), %d nodes, tolerance %.3g: ",
                d.backendB(), d.backendA(), d.nodes().size(), tolerance);
        return first == null ? head + "no node exceeds the tolerance"
                : head + "first divergent node #" + first.index() + " " + first.node() + " (" + first.opType()
                + "), max abs error " + g4(first.maxAbsError());
    }

    private static String g4(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
