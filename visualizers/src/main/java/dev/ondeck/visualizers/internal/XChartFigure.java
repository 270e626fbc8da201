package dev.ondeck.visualizers.internal;

import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.Series;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** A figure drawn by an XChart chart. */
public final class XChartFigure implements Figure {
    private final Chart<?, ?> chart;
    private final List<Series> series;

    public XChartFigure(Chart<?, ?> chart, List<Series> series) {
        this.chart = chart;
        this.series = List.copyOf(series);
    }

    /** The XChart chart, for callers who want to restyle it. */
    public Chart<?, ?> chart() {
        return chart;
    }

    @Override
    public String title() {
        return chart.getTitle();
    }

    @Override
    public int width() {
        return chart.getWidth();
    }

    @Override
    public int height() {
        return chart.getHeight();
    }

    @Override
    public List<Series> series() {
        return series;
    }

    @Override
    public BufferedImage image() {
        return BitmapEncoder.getBufferedImage(chart);
    }

    @Override
    public String svg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
