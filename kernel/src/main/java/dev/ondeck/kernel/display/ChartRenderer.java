package dev.ondeck.kernel.display;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders any XChart chart as PNG and SVG. */
public final class ChartRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return Chart.class;
    }

    @Override
    public MimeBundle render(Object value) {
        Chart<?, ?> chart = (Chart<?, ?>) value;
        try {
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "chart" : chart.getTitle();
            return MimeBundle.of("image/png", BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG))
                    .put("image/svg+xml", svg.toString(StandardCharsets.UTF_8))
                    .put("text/plain", "<XChart: " + title + ">");
        } catch (IOException e) {
            throw new UncheckedIOException("chart could not be encoded", e);
        }
    }
}
