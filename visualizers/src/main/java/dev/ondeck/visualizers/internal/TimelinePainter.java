package dev.ondeck.visualizers.internal;

import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.NodeTiming;
import dev.ondeck.visualizers.Series;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Ops over time as a Gantt chart: one row per lane (backend or thread), boxes coloured by op type. */
public final class TimelinePainter {
    private static final int LEFT = 130;
    private static final int RIGHT = 190;
    private static final int TOP = 50;
    private static final int ROW = 46;
    private static final int AXIS = 50;

    private TimelinePainter() {
    }

    public static Figure of(String title, List<NodeTiming> nodes, int width) {
        Map<String, List<NodeTiming>> lanes = new LinkedHashMap<>();
        Set<String> types = new LinkedHashSet<>();
        long end = 1;
        for (NodeTiming n : nodes) {
            lanes.computeIfAbsent(n.lane().isEmpty() ? n.backend() : n.lane(), k -> new ArrayList<>()).add(n);
            types.add(n.opType());
            end = Math.max(end, n.startNanos() + n.nanos());
        }
        Map<String, Color> colours = Palette.categorical(types);
        int legendRows = types.size();
        int height = Math.max(TOP + Math.max(1, lanes.size()) * ROW + AXIS, TOP + 18 * legendRows + 20);
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<NodeTiming>> e : lanes.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(n -> Styling.ms(n.startNanos())).toArray();
            double[] y = e.getValue().stream().mapToDouble(n -> Styling.ms(n.nanos())).toArray();
            series.add(new Series(e.getKey(), x, y, e.getValue().stream().map(NodeTiming::name).toList()));
        }
        long span = end;
        return new PaintedFigure(title, width, height, series,
                g -> paint(g, title, width, height, lanes, colours, span));
    }

    private static void paint(Graphics2D g, String title, int width, int height, Map<String, List<NodeTiming>> lanes,
                              Map<String, Color> colours, long span) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(Styling.TITLE);
        FontMetrics tm = g.getFontMetrics();
        g.drawString(title, (width - tm.stringWidth(title)) / 2, 28);
        int plotW = width - LEFT - RIGHT;
        double scale = plotW / (double) span;
        int row = 0;
        g.setFont(Styling.LABEL);
        for (Map.Entry<String, List<NodeTiming>> e : lanes.entrySet()) {
            int y = TOP + row * ROW;
            g.setColor(new Color(0xf4f4f4));
            g.fillRect(LEFT, y + 4, plotW, ROW - 8);
            g.setColor(Color.BLACK);
            g.drawString(Styling.clip(e.getKey(), 16), 10, y + ROW / 2 + 5);
            for (NodeTiming n : e.getValue()) {
                int x0 = LEFT + (int) Math.floor(n.startNanos() * scale);
                int w = Math.max(1, (int) Math.round(n.nanos() * scale));
                g.setColor(colours.get(n.opType()));
                g.fillRect(x0, y + 8, w, ROW - 16);
                if (w > 3) {
                    g.setColor(Color.WHITE);
                    g.setStroke(new BasicStroke(0.5f));
                    g.drawRect(x0, y + 8, w, ROW - 16);
                }
                nameInside(g, n, x0, y, w, colours.get(n.opType()));
            }
            row++;
        }
        int axisY = TOP + Math.max(1, lanes.size()) * ROW + 6;
        axis(g, axisY, plotW, span);
        legend(g, width - RIGHT + 16, TOP, colours);
    }

    private static void axis(Graphics2D g, int y, int plotW, long span) {
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setFont(Styling.SMALL);
        double spanMs = span / 1e6;
        double step = niceStep(spanMs / 8);
        FontMetrics fm = g.getFontMetrics();
        for (double t = 0; t <= spanMs * 1.0001; t += step) {
            int x = LEFT + (int) Math.round(t / spanMs * plotW);
            g.drawLine(x, y, x, y + 4);
            String s = String.format(Locale.ROOT, step < 0.01 ? "%.3f" : step < 1 ? "%.2f" : "%.1f", t);
            g.drawString(s, x - fm.stringWidth(s) / 2, y + 17);
        }
        String label = "time in run (ms)";
        g.drawString(label, LEFT + plotW / 2 - fm.stringWidth(label) / 2, y + 34);
    }

    /** The node's name inside its box when the box is wide enough for a few characters. */
    private static void nameInside(Graphics2D g, NodeTiming n, int x0, int y, int w, Color fill) {
        g.setFont(Styling.SMALL);
        FontMetrics fm = g.getFontMetrics();
        int chars = (w - 6) / Math.max(1, fm.charWidth('m'));
        if (chars >= 6) {
            g.setColor(Palette.textOn(fill));
            g.drawString(Styling.clipName(n.name(), chars), x0 + 3, y + ROW / 2 + 4);
        }
        g.setFont(Styling.LABEL);
    }

    static void legend(Graphics2D g, int x, int y, Map<String, Color> colours) {
        g.setFont(Styling.SMALL);
        int i = 0;
        for (Map.Entry<String, Color> e : colours.entrySet()) {
            int yy = y + 18 * i++;
            g.setColor(e.getValue());
            g.fillRect(x, yy, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(Styling.clip(e.getKey(), 22), x + 18, yy + 11);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }
}
