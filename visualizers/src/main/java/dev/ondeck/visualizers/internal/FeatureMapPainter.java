package dev.ondeck.visualizers.internal;

import dev.ondeck.visualizers.FeatureMaps;
import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.Series;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Channels as a grid of heatmaps; each channel scaled to its own [min, max] (named under it), so that
 * structure shows in every channel whatever its range.
 */
public final class FeatureMapPainter {
    private static final int TOP = 44;
    private static final int GAP = 8;
    private static final int CAPTION = 30;

    private FeatureMapPainter() {
    }

    public static Figure of(FeatureMaps maps, int maxChannels) {
        int shown = Math.min(maps.channels(), Math.max(1, maxChannels));
        int cols = (int) Math.ceil(Math.sqrt(shown * maps.height() / (double) maps.width() * 1.3));
        cols = Math.max(1, Math.min(shown, cols));
        int rows = (shown + cols - 1) / cols;
        int cell = Math.max(64, Math.min(160, 1100 / cols));
        int cellW = cell;
        int cellH = Math.max(16, (int) Math.round(cell * maps.height() / (double) maps.width()));
        int width = Math.max(420, GAP + cols * (cellW + GAP));
        int height = TOP + rows * (cellH + CAPTION + GAP) + GAP;
        double[][] range = ranges(maps, shown);
        double[] mins = range[0];
        double[] maxs = range[1];
        double[] idx = new double[shown];
        for (int c = 0; c < shown; c++) {
            idx[c] = c;
        }
        String title = maps.title() + (shown < maps.channels() ? " (first " + shown + " of " + maps.channels()
                + " channels)" : "");
        List<Series> series = List.of(new Series("channel min", idx, mins, null), new Series("channel max", idx, maxs, null));
        int fCols = cols;
        return new PaintedFigure(title, width, height, series, g -> {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(Styling.TITLE);
            FontMetrics tm = g.getFontMetrics();
            g.drawString(title, Math.max(4, (width - tm.stringWidth(title)) / 2), 28);
            g.setFont(Styling.SMALL);
            for (int c = 0; c < shown; c++) {
                int x = GAP + (c % fCols) * (cellW + GAP);
                int y = TOP + (c / fCols) * (cellH + CAPTION + GAP);
                g.drawImage(channelImage(maps, c, mins[c], maxs[c]), x, y, cellW, cellH, null);
                g.setColor(Color.BLACK);
                g.drawString("ch " + c, x, y + cellH + 12);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.2g..%.2g", mins[c], maxs[c]), x, y + cellH + 25);
            }
        });
    }

    /** Each shown channel's finite min and max (0 and 0 when it has none). */
    private static double[][] ranges(FeatureMaps maps, int shown) {
        double[] mins = new double[shown];
        double[] maxs = new double[shown];
        int plane = maps.height() * maps.width();
        for (int c = 0; c < shown; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < plane; i++) {
                double v = maps.data()[c * plane + i];
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            mins[c] = lo > hi ? 0 : lo;
            maxs[c] = lo > hi ? 0 : hi;
        }
        return new double[][] {mins, maxs};
    }

    private static BufferedImage channelImage(FeatureMaps maps, int c, double lo, double hi) {
        BufferedImage img = new BufferedImage(maps.width(), maps.height(), BufferedImage.TYPE_INT_RGB);
        double range = hi - lo;
        for (int y = 0; y < maps.height(); y++) {
            for (int x = 0; x < maps.width(); x++) {
                double v = maps.at(c, y, x);
                double t = range == 0 ? 0.5 : (v - lo) / range;
                img.setRGB(x, y, Double.isFinite(v) ? Palette.ramp(t).getRGB() : Color.MAGENTA.getRGB());
            }
        }
        return img;
    }
}
