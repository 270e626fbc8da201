package dev.ondeck.visualizers.internal;

import static dev.ondeck.visualizers.Html.escape;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link GraphScene} as SVG: one {@code <g class="subgraph">} per group (framed), a {@code <title>}
 * tooltip on every box, edges as smooth paths with arrowheads.
 */
public final class GraphSvg {
    private GraphSvg() {
    }

    public static String of(GraphScene s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">%n", s.width(), s.height(), s.width(), s.height()));
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#777\"/></marker></defs>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"26\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                GraphScene.MARGIN, escape(s.title)));
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int v = 0; v < s.boxes.size(); v++) {
            groups.computeIfAbsent(s.boxes.get(v).group(), k -> new ArrayList<>()).add(v);
        }
        sb.append("<g class=\"frames\">\n");
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            if (!g.getKey().isEmpty() && !(g.getValue().size() == 1 && s.boxes.get(g.getValue().get(0)).isGroup())) {
                frame(sb, s, g.getKey(), g.getValue());
            }
        }
        sb.append("</g>\n");
        sb.append("<g class=\"edges\" fill=\"none\" stroke=\"#888\" stroke-width=\"1.2\">\n");
        for (int e = 0; e < s.edges.size(); e++) {
            sb.append("<path marker-end=\"url(#arrow)\" d=\"").append(path(s.route(e))).append("\"/>\n");
        }
        sb.append("</g>\n");
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            sb.append("<g class=\"subgraph\" data-group=\"").append(escape(g.getKey())).append("\">\n");
            for (int v : g.getValue()) {
                box(sb, s, v);
            }
            sb.append("</g>\n");
        }
        legend(sb, s);
        return sb.append("</svg>\n").toString();
    }

    static String path(double[][] p) {
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "M%.1f,%.1f", p[0][0], p[0][1]));
        for (int k = 1; k < p.length; k++) {
            double dy = (p[k][1] - p[k - 1][1]) / 2;
            d.append(String.format(Locale.ROOT, " C%.1f,%.1f %.1f,%.1f %.1f,%.1f", p[k - 1][0], p[k - 1][1] + dy,
                    p[k][0], p[k][1] - dy, p[k][0], p[k][1]));
        }
        return d.toString();
    }

    private static void frame(StringBuilder sb, GraphScene s, String group, List<Integer> members) {
        double[] r = GraphPainter.bounds(s, members);
        sb.append("<rect class=\"frame\" data-group=\"").append(escape(group)).append('"');
        sb.append(String.format(Locale.ROOT, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "rx=\"6\" fill=\"#f7f7fb\" stroke=\"#b8b8d0\" stroke-dasharray=\"4 3\"/>%n", r[0], r[1], r[2], r[3]));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#667\">%s</text>%n",
                r[0] + 4, r[1] + 10, escape(Styling.clip(group, 40))));
    }

    private static void box(StringBuilder sb, GraphScene s, int v) {
        GraphScene.Box b = s.boxes.get(v);
        double x = s.cx(v) - GraphScene.BOX_W / 2;
        double y = s.cy(v) - GraphScene.BOX_H / 2;
        Color text = Palette.textOn(b.fill());
        boolean io = b.kind() != dev.ondeck.visualizers.ModelGraph.Kind.OP;
        sb.append("<g class=\"").append(b.isGroup() ? "group" : "node").append("\"><title>").append(escape(b.tooltip()))
                .append("</title>");
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"%d\" "
                + "fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>", x, y, GraphScene.BOX_W, GraphScene.BOX_H,
                io ? 17 : 4, Palette.hex(b.fill()), b.isGroup() ? "#555" : "#444", b.isGroup() ? "2" : "0.8"));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
                + "font-weight=\"bold\" fill=\"%s\">%s</text>", s.cx(v), y + 15, Palette.hex(text), escape(b.line1())));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" "
                + "fill=\"%s\">%s</text></g>%n", s.cx(v), y + 29, Palette.hex(text), escape(b.line2())));
    }

    private static void legend(StringBuilder sb, GraphScene s) {
        double x = s.width() - GraphScene.LEGEND_W + 10;
        double y = GraphScene.TITLE_H + GraphScene.MARGIN;
        sb.append("<g class=\"legend\" font-size=\"11\">\n");
        int i = 0;
        for (Map.Entry<String, Color> e : s.legend.entrySet()) {
            double yy = y + 18 * i++;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" "
                    + "stroke=\"#999\" stroke-width=\"0.5\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>%n", x, yy,
                    Palette.hex(e.getValue()), x + 18, yy + 10, escape(Styling.clip(e.getKey(), 28))));
        }
        sb.append("</g>\n");
    }
}
