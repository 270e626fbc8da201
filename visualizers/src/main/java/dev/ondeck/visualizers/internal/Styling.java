package dev.ondeck.visualizers.internal;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** One look for every XChart chart: white background, light grid, legible fonts, legend outside. */
final class Styling {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Styling() {
    }

    static void apply(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(TITLE);
        s.setLegendFont(LABEL);
        s.setLegendBorderColor(new Color(0xdddddd));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setPlotBorderVisible(false);
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
    }

    static void axes(AxesChartStyler s) {
        apply(s);
        s.setAxisTitleFont(LABEL);
        s.setAxisTickLabelsFont(SMALL);
        s.setPlotGridLinesColor(new Color(0xe6e6e6));
        s.setAxisTickMarkLength(3);
    }

    /** Clips a label to {@code n} characters with an ellipsis. */
    static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
    }

    /**
     * Clips a node name in the middle, keeping its start and its end (the op) readable:
     * {@code /features/features.16/conv/conv.0/Conv} becomes {@code /features/fe…conv.0/Conv}.
     */
    static String clipName(String s, int n) {
        if (s.length() <= n) {
            return s;
        }
        int tail = (n - 1) / 2 + (n - 1) % 2;
        int head = n - 1 - tail;
        return s.substring(0, head) + "\u2026" + s.substring(s.length() - tail);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
