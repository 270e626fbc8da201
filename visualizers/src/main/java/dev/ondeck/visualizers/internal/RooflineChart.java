package dev.ondeck.visualizers.internal;

import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.Machine;
import dev.ondeck.visualizers.NodeTiming;
import dev.ondeck.visualizers.Series;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Achieved GFLOP/s against arithmetic intensity (log-log), under the machine's compute and bandwidth roofs. */
public final class RooflineChart {
    private RooflineChart() {
    }

    /** The compute and memory roof as one line, and the cache slope dashed when it is known. */
    private static void roofs(XYChart chart, List<Series> series, Machine machine, double lo, double hi) {
        double[] roofX = {lo, machine.ridgePoint(), hi};
        double[] roofY = {machine.roof(lo), machine.peakGflops(), machine.peakGflops()};
        XYSeries roof = chart.addSeries(String.format(Locale.ROOT, "roof: %.1f GFLOP/s, %.1f GB/s", machine.peakGflops(),
                machine.bandwidthGBs()), roofX, roofY);
        roof.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        roof.setMarker(SeriesMarkers.NONE);
        roof.setLineColor(Color.DARK_GRAY);
        roof.setLineStyle(SeriesLines.SOLID);
        series.add(new Series("roof", roofX, roofY, null));
        if (machine.cacheBandwidthGBs() > machine.bandwidthGBs()) {
            double ridge = machine.peakGflops() / machine.cacheBandwidthGBs();
            double[] cx = {lo, ridge};
            double[] cy = {machine.cacheBandwidthGBs() * lo, machine.peakGflops()};
            XYSeries cache = chart.addSeries(String.format(Locale.ROOT, "cache: %.1f GB/s", machine.cacheBandwidthGBs()), cx, cy);
            cache.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            cache.setMarker(SeriesMarkers.NONE);
            cache.setLineColor(Color.GRAY);
            cache.setLineStyle(SeriesLines.DASH_DASH);
            series.add(new Series("cache roof", cx, cy, null));
        }
    }

    /** The nodes a roofline can place: timed, with known FLOPs and bytes. */
    public static List<NodeTiming> placeable(List<NodeTiming> nodes) {
        return nodes.stream().filter(n -> n.nanos() > 0 && n.flops() > 0 && n.bytes() > 0).toList();
    }

    public static Figure of(String title, List<NodeTiming> nodes, Machine machine) {
        List<NodeTiming> points = placeable(nodes);
        Map<String, List<NodeTiming>> byType = new LinkedHashMap<>();
        points.forEach(n -> byType.computeIfAbsent(n.opType(), k -> new ArrayList<>()).add(n));
        Map<String, Color> colours = Palette.categorical(byType.keySet());
        double lo = machine.ridgePoint() / 100;
        double hi = machine.ridgePoint() * 10;
        for (NodeTiming n : points) {
            lo = Math.min(lo, n.arithmeticIntensity() / 2);
            hi = Math.max(hi, n.arithmeticIntensity() * 2);
        }
        XYChart chart = new XYChartBuilder().width(1040).height(680).title(title)
                .xAxisTitle("arithmetic intensity (FLOP/byte); roofs " + machine.source())
                .yAxisTitle("achieved GFLOP/s").build();
        Styling.axes(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(8);
        List<Series> series = new ArrayList<>();
        roofs(chart, series, machine, lo, hi);
        for (Map.Entry<String, List<NodeTiming>> e : byType.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(NodeTiming::arithmeticIntensity).toArray();
            double[] y = e.getValue().stream().mapToDouble(NodeTiming::gflopsPerSecond).toArray();
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colours.get(e.getKey()));
            series.add(new Series(e.getKey(), x, y, e.getValue().stream().map(NodeTiming::name).toList()));
        }
        return new XChartFigure(chart, series);
    }
}
