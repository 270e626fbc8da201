package dev.ondeck.kernel.engine;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.inspect.TensorStats;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.Renderer;
import dev.ondeck.visualizers.EngineCharts;
import dev.ondeck.visualizers.Figure;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Shows a {@link Tensor} as a table of statistics and a histogram of its values; an (H, W) tensor adds a
 * heatmap, a (C, H, W) or (N, C, H, W) one a grid of its first channels as heatmaps
 * ({@link EngineCharts#tensor}). The bundle's {@code image/png} is the most telling picture: the grid, else
 * the heatmap, else the histogram.
 */
public final class TensorRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return Tensor.class;
    }

    @Override
    public MimeBundle render(Object value) {
        Tensor t = (Tensor) value;
        StringBuilder html = new StringBuilder("<div class=\"ondeck-tensor\">").append(statsTable(t));
        String png = null;
        if (t.size() > 0 && (t.dtype().isFloating() || t.dtype().isInteger())) {
            List<Figure> charts = EngineCharts.tensor("tensor", t);
            charts.forEach(f -> html.append(f.html()));
            png = charts.get(charts.size() - 1).pngBase64();
            Optional<Heatmap.Plane> plane = t.rank() == 2 ? Heatmap.plane(t) : Optional.empty();
            if (plane.isPresent()) {
                png = Base64.getEncoder().encodeToString(Heatmap.png(plane.get()));
                html.append("<figure><img alt=\"heatmap\" src=\"data:image/png;base64,").append(png).append("\"/></figure>");
            }
        }
        MimeBundle b = MimeBundle.of("text/html", html.append("</div>").toString()).put("text/plain", t.toString());
        return png == null ? b : b.put("image/png", png);
    }

    private static String statsTable(Tensor t) {
        TensorStats s = TensorStats.of(t);
        return "<table>" + Html.row(true, "tensor", t.dtype() + " " + Arrays.toString(t.shape()))
                + Html.row(false, "count", s.count()) + Html.row(false, "min", fmt(s.min()))
                + Html.row(false, "max", fmt(s.max())) + Html.row(false, "mean", fmt(s.mean()))
                + Html.row(false, "std", fmt(s.std()))
                + Html.row(false, "zeros", String.format(Locale.ROOT, "%.1f%%", 100 * s.zeroFraction()))
                + Html.row(false, "NaN / Inf", s.nanCount() + " / " + s.infCount()) + "</table>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
