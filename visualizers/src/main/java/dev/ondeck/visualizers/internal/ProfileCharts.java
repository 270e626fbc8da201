package dev.ondeck.visualizers.internal;

import dev.ondeck.visualizers.BackendTimes;
import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.NodeTiming;
import dev.ondeck.visualizers.Series;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.PieChartBuilder;
import org.knowm.xchart.style.PieStyler;

/** Latency bars, op-type breakdown and backend comparison. */
public final class ProfileCharts {
    private static final int LABEL_CHARS = 34;

    private ProfileCharts() {
    }

    /** The {@code top} slowest nodes, largest first. */
    public static List<NodeTiming> slowest(List<NodeTiming> nodes, int top) {
        List<NodeTiming> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingLong(NodeTiming::nanos).reversed());
        return sorted.subList(0, Math.min(Math.max(0, top), sorted.size()));
    }

    /** Bars of the slowest nodes' times (ms), one series per op type so the legend names the colours. */
    public static Figure latencyBars(String title, List<NodeTiming> nodes, int top) {
        List<NodeTiming> shown = slowest(nodes, top);
        List<String> labels = uniqueLabels(shown);
        Set<String> types = new LinkedHashSet<>();
        shown.forEach(n -> types.add(n.opType()));
        Map<String, Color> colours = Palette.categorical(types);
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 160 + 26 * shown.size())).height(620)
                .title(title).xAxisTitle("node").yAxisTitle("time (ms)").build();
        Styling.axes(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setAvailableSpaceFill(0.75);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        List<Series> series = new ArrayList<>();
        for (String type : types) {
            double[] y = new double[shown.size()];
            for (int i = 0; i < shown.size(); i++) {
                y[i] = shown.get(i).opType().equals(type) ? Styling.ms(shown.get(i).nanos()) : 0;
            }
            chart.addSeries(type, labels, boxed(y)).setFillColor(colours.get(type));
            series.add(Series.categories(type, labels, y));
        }
        if (shown.isEmpty()) {
            chart.addSeries("no timed nodes", List.of(" "), List.of(0.0));
        }
        return new XChartFigure(chart, series);
    }

    /** Summed time per op type (ms, most first), with the tail beyond {@code top} types as "other". */
    public static Map<String, Double> byOpType(List<NodeTiming> nodes, int top) {
        Map<String, Double> acc = new LinkedHashMap<>();
        for (NodeTiming n : nodes) {
            acc.merge(n.opType(), Styling.ms(n.nanos()), Double::sum);
        }
        List<Map.Entry<String, Double>> entries = new ArrayList<>(acc.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> out = new LinkedHashMap<>();
        double other = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (i < top) {
                out.put(entries.get(i).getKey(), entries.get(i).getValue());
            } else {
                other += entries.get(i).getValue();
            }
        }
        if (entries.size() > top) {
            out.put("other", other);
        }
        return out;
    }

    /** A donut of time per op type, labelled with name and percentage. */
    public static Figure opTypeBreakdown(String title, List<NodeTiming> nodes, int top) {
        Map<String, Double> shares = byOpType(nodes, top);
        PieChart chart = new PieChartBuilder().width(820).height(560).title(title).build();
        Styling.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.PieSeries.PieSeriesRenderStyle.Donut);
        chart.getStyler().setLabelType(PieStyler.LabelType.Percentage);
        chart.getStyler().setLabelsFont(Styling.LABEL);
        chart.getStyler().setLabelsDistance(1.12);
        chart.getStyler().setPlotContentSize(0.72);
        chart.getStyler().setDonutThickness(0.38);
        chart.getStyler().setSumVisible(true);
        chart.getStyler().setSumFormat("%.2f ms");
        Map<String, Color> colours = Palette.categorical(shares.keySet());
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            Color c = e.getKey().equals("other") ? new Color(0xbbbbbb) : colours.get(e.getKey());
            String name = String.format(java.util.Locale.ROOT, "%s  %.1f%% (%.2f ms)", e.getKey(),
                    total == 0 ? 0 : 100 * e.getValue() / total, e.getValue());
            chart.addSeries(name, total == 0 ? 1 : e.getValue()).setFillColor(c);
        }
        if (shares.isEmpty()) {
            chart.addSeries("no timed nodes", 1);
        }
        List<String> labels = new ArrayList<>(shares.keySet());
        double[] y = shares.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new XChartFigure(chart, List.of(Series.categories("time (ms)", labels, y)));
    }

    /**
     * Grouped bars per node, one bar per backend: the {@code top} nodes with the largest time on any
     * backend, in the first backend's execution order.
     */
    public static Figure backendComparison(String title, List<BackendTimes> backends, int top) {
        List<String> nodes = comparedNodes(backends, top);
        Map<String, Color> colours = Palette.categorical(backends.stream().map(BackendTimes::backend).toList());
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 160 + 18 * nodes.size() * Math.max(1, backends.size())))
                .height(620).title(title).xAxisTitle("node").yAxisTitle("time (ms)").build();
        Styling.axes(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        List<String> labels = new ArrayList<>();
        nodes.forEach(n -> labels.add(Styling.clipName(n, LABEL_CHARS)));
        List<String> unique = dedupe(labels);
        List<Series> series = new ArrayList<>();
        for (BackendTimes b : backends) {
            double[] y = new double[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                y[i] = Styling.ms(b.nanosByNode().getOrDefault(nodes.get(i), 0L));
            }
            if (!nodes.isEmpty()) {
                chart.addSeries(b.backend(), unique, boxed(y)).setFillColor(colours.get(b.backend()));
            }
            series.add(Series.categories(b.backend(), unique, y));
        }
        if (nodes.isEmpty()) {
            chart.addSeries("no nodes", List.of(" "), List.of(0.0));
        }
        return new XChartFigure(chart, series);
    }

    /** The compared nodes: largest max-over-backends time first chosen, then put back in execution order. */
    public static List<String> comparedNodes(List<BackendTimes> backends, int top) {
        Map<String, Long> worst = new LinkedHashMap<>();
        for (BackendTimes b : backends) {
            b.nanosByNode().forEach((k, v) -> worst.merge(k, v, Math::max));
        }
        List<String> order = new ArrayList<>(worst.keySet());
        List<String> chosen = new ArrayList<>(order);
        chosen.sort(Comparator.comparingLong((String k) -> worst.get(k)).reversed());
        Set<String> keep = new LinkedHashSet<>(chosen.subList(0, Math.min(Math.max(0, top), chosen.size())));
        order.removeIf(k -> !keep.contains(k));
        return order;
    }

    private static List<String> uniqueLabels(List<NodeTiming> nodes) {
        List<String> labels = new ArrayList<>();
        nodes.forEach(n -> labels.add(Styling.clipName(n.name(), LABEL_CHARS)));
        return dedupe(labels);
    }

    /** Category labels must be distinct: clipped names that collide get a numeric suffix. */
    static List<String> dedupe(List<String> labels) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String l : labels) {
            String u = l.isEmpty() ? "(unnamed)" : l;
            for (int k = 2; !seen.add(u); k++) {
                u = l + " #" + k;
            }
            out.add(u);
        }
        return out;
    }

    static List<Double> boxed(double[] y) {
        List<Double> out = new ArrayList<>(y.length);
        for (double v : y) {
            out.add(v);
        }
        return out;
    }
}
