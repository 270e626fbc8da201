package dev.ondeck.visualizers.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.Map;

/** A {@link GraphScene} drawn with Java2D (for PNG): the same geometry as {@link GraphSvg}. */
public final class GraphPainter {
    private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private GraphPainter() {
    }

    public static void paint(Graphics2D g, GraphScene s) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, (int) Math.ceil(s.width()), (int) Math.ceil(s.height()));
        g.setColor(Color.BLACK);
        g.setFont(Styling.TITLE);
        g.drawString(s.title, (float) GraphScene.MARGIN, 26f);
        frames(g, s);
        g.setColor(new Color(0x888888));
        g.setStroke(new BasicStroke(1.2f));
        for (int e = 0; e < s.edges.size(); e++) {
            double[][] p = s.route(e);
            Path2D.Double path = new Path2D.Double();
            path.moveTo(p[0][0], p[0][1]);
            for (int k = 1; k < p.length; k++) {
                double dy = (p[k][1] - p[k - 1][1]) / 2;
                path.curveTo(p[k - 1][0], p[k - 1][1] + dy, p[k][0], p[k][1] - dy, p[k][0], p[k][1]);
            }
            g.draw(path);
            double[] tip = p[p.length - 1];
            Path2D.Double head = new Path2D.Double();
            head.moveTo(tip[0] - 4, tip[1] - 5);
            head.lineTo(tip[0] + 4, tip[1] - 5);
            head.lineTo(tip[0], tip[1] + 2);
            head.closePath();
            g.fill(head);
        }
        for (int v = 0; v < s.boxes.size(); v++) {
            box(g, s, v);
        }
        legend(g, s);
    }

    private static void frames(Graphics2D g, GraphScene s) {
        Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int v = 0; v < s.boxes.size(); v++) {
            if (!s.boxes.get(v).group().isEmpty() && !s.boxes.get(v).isGroup()) {
                groups.computeIfAbsent(s.boxes.get(v).group(), k -> new java.util.ArrayList<>()).add(v);
            }
        }
        g.setFont(SMALL);
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            double[] r = bounds(s, e.getValue());
            RoundRectangle2D.Double frame = new RoundRectangle2D.Double(r[0], r[1], r[2], r[3], 12, 12);
            g.setColor(new Color(0xf7f7fb));
            g.fill(frame);
            g.setColor(new Color(0xb8b8d0));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
            g.draw(frame);
            g.setColor(new Color(0x666677));
            g.drawString(Styling.clip(e.getKey(), 40), (float) r[0] + 4, (float) r[1] + 10);
        }
    }

    /** x, y, width, height around the boxes, padded. */
    static double[] bounds(GraphScene s, List<Integer> members) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int v : members) {
            x0 = Math.min(x0, s.cx(v) - GraphScene.BOX_W / 2);
            x1 = Math.max(x1, s.cx(v) + GraphScene.BOX_W / 2);
            y0 = Math.min(y0, s.cy(v) - GraphScene.BOX_H / 2);
            y1 = Math.max(y1, s.cy(v) + GraphScene.BOX_H / 2);
        }
        return new double[] {x0 - 8, y0 - 13, x1 - x0 + 16, y1 - y0 + 19};
    }

    private static void box(Graphics2D g, GraphScene s, int v) {
        GraphScene.Box b = s.boxes.get(v);
        double x = s.cx(v) - GraphScene.BOX_W / 2;
        double y = s.cy(v) - GraphScene.BOX_H / 2;
        boolean io = b.kind() != dev.ondeck.visualizers.ModelGraph.Kind.OP;
        RoundRectangle2D.Double r = new RoundRectangle2D.Double(x, y, GraphScene.BOX_W, GraphScene.BOX_H,
                io ? 34 : 8, io ? 34 : 8);
        g.setColor(b.fill());
        g.fill(r);
        g.setColor(new Color(0x444444));
        g.setStroke(new BasicStroke(b.isGroup() ? 2f : 0.8f));
        g.draw(r);
        g.setColor(Palette.textOn(b.fill()));
        centred(g, BOLD, b.line1(), s.cx(v), y + 15);
        centred(g, SMALL, b.line2(), s.cx(v), y + 29);
    }

    private static void centred(Graphics2D g, Font f, String text, double cx, double baseline) {
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0), (float) baseline);
    }

    private static void legend(Graphics2D g, GraphScene s) {
        double x = s.width() - GraphScene.LEGEND_W + 10;
        double y = GraphScene.TITLE_H + GraphScene.MARGIN;
        g.setFont(Styling.SMALL);
        int i = 0;
        for (Map.Entry<String, Color> e : s.legend.entrySet()) {
            int yy = (int) (y + 18 * i++);
            g.setColor(e.getValue());
            g.fillRect((int) x, yy, 12, 12);
            g.setColor(new Color(0x999999));
            g.drawRect((int) x, yy, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(Styling.clip(e.getKey(), 28), (float) x + 18, yy + 10);
        }
    }
}
