package dev.ondeck.visualizers.internal;

import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.Histogram;
import dev.ondeck.visualizers.MemoryTimeline;
import dev.ondeck.visualizers.NodeError;
import dev.ondeck.visualizers.Series;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts of values: tensor histogram, memory timeline, per-node errors. */
public final class ValueCharts {
    /** Exact matches are drawn at this error on the log axis (and named so in the axis title). */
    public static final double ZERO_ERROR_FLOOR = 1e-12;

    private ValueCharts() {
    }

    public static Figure histogram(Histogram h) {
        int bins = h.counts().length;
        List<String> labels = new ArrayList<>();
        double[] y = new double[bins];
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.3g", (h.edges()[i] + h.edges()[i + 1]) / 2));
            y[i] = h.counts()[i];
        }
        List<String> unique = ProfileCharts.dedupe(labels);
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(720, 120 + 22 * bins)).height(460)
                .title(h.title()).xAxisTitle("value (bin centre)").yAxisTitle("count").build();
        Styling.axes(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.98);
        chart.getStyler().setXAxisLabelRotation(bins > 12 ? 60 : 0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.addSeries("count", unique, ProfileCharts.boxed(y)).setFillColor(new Color(0x4e79a7));
        return new XChartFigure(chart, List.of(Series.categories("count", unique, y)));
    }

    public static Figure memory(MemoryTimeline m) {
        int n = m.liveBytes().length;
        double[] x = new double[Math.max(1, n)];
        double[] y = new double[Math.max(1, n)];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = m.liveBytes()[i] / 1048576.0;
        }
        int peak = m.peakIndex();
        String peakText = peak < 0 ? "no nodes" : String.format(Locale.ROOT, "peak %.2f MiB after %s", y[peak],
                Styling.clipName(m.nodes().get(peak), 40));
        XYChart chart = new XYChartBuilder().width(900).height(460).title(m.title() + " (" + peakText + ")")
                .xAxisTitle("node (execution order)").yAxisTitle("live activations (MiB)").build();
        Styling.axes(chart.getStyler());
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        XYSeries live = chart.addSeries("live activations", x, y);
        live.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        live.setMarker(SeriesMarkers.NONE);
        live.setFillColor(new Color(0x804e79a7, true));
        live.setLineColor(new Color(0x4e79a7));
        List<Series> series = new ArrayList<>(List.of(new Series("live MiB", x, y, m.nodes())));
        if (peak >= 0) {
            XYSeries p = chart.addSeries("peak", new double[] {peak}, new double[] {y[peak]});
            p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            p.setMarker(SeriesMarkers.DIAMOND);
            p.setMarkerColor(new Color(0xe15759));
        }
        return new XChartFigure(chart, series);
    }

    /**
     * Max absolute error per node (log scale) in execution order: within tolerance, above it, and outputs
     * that could not be compared (drawn at the top); the tolerance as a dashed line.
     */
    public static Figure nodeErrors(String title, List<NodeError> errors, double tolerance) {
        double top = ZERO_ERROR_FLOOR * 10;
        for (NodeError e : errors) {
            if (Double.isFinite(e.maxAbs())) {
                top = Math.max(top, e.maxAbs() * 10);
            }
        }
        top = Math.max(top, tolerance * 10);
        List<double[]> ok = new ArrayList<>();
        List<double[]> bad = new ArrayList<>();
        List<double[]> broken = new ArrayList<>();
        for (NodeError e : errors) {
            double v = e.maxAbs();
            double[] p = {e.index(), Double.isFinite(v) ? Math.max(ZERO_ERROR_FLOOR, v) : top};
            (Double.isFinite(v) ? (v > tolerance ? bad : ok) : broken).add(p);
        }
        XYChart chart = new XYChartBuilder().width(900).height(480).title(title).xAxisTitle("node (execution order)")
                .yAxisTitle("max abs error (exact = " + ZERO_ERROR_FLOOR + ")").build();
        Styling.axes(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(7);
        List<Series> series = new ArrayList<>();
        double xMax = Math.max(1, errors.stream().mapToInt(NodeError::index).max().orElse(1));
        addLine(chart, String.format(Locale.ROOT, "tolerance %.3g", tolerance), new double[] {0, xMax},
                new double[] {Math.max(ZERO_ERROR_FLOOR, tolerance), Math.max(ZERO_ERROR_FLOOR, tolerance)});
        addPoints(chart, series, "within tolerance", ok, new Color(0x59a14f));
        addPoints(chart, series, "above tolerance", bad, new Color(0xe15759));
        addPoints(chart, series, "not comparable", broken, new Color(0x7f3c8d));
        return new XChartFigure(chart, series);
    }

    private static void addLine(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setLineColor(Color.GRAY);
    }

    private static void addPoints(XYChart chart, List<Series> out, String name, List<double[]> pts, Color c) {
        double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
        out.add(new Series(name, x, y, null));
        if (pts.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(c);
    }
}
