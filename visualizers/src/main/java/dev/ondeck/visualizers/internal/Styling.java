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

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
