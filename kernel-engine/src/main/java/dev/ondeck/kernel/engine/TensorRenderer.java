package dev.ondeck.kernel.engine;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.inspect.TensorStats;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.Renderer;
import java.util.Arrays;
import java.util.Locale;

/** Shows a {@link Tensor} as an HTML table of statistics, plus a heatmap PNG when it is image-like. */
public final class TensorRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return Tensor.class;
    }

    @Override
    public MimeBundle render(Object value) {
        Tensor t = (Tensor) value;
        TensorStats s = TensorStats.of(t);
        String shape = Arrays.toString(t.shape());
        StringBuilder html = new StringBuilder("<table class=\"ondeck-tensor\">");
        html.append(Html.row(true, "tensor", t.dtype() + " " + shape));
        html.append(Html.row(false, "count", s.count()));
        html.append(Html.row(false, "min", fmt(s.min())));
        html.append(Html.row(false, "max", fmt(s.max())));
        html.append(Html.row(false, "mean", fmt(s.mean())));
        html.append(Html.row(false, "std", fmt(s.std())));
        html.append(Html.row(false, "zeros", String.format(Locale.ROOT, "%.1f%%", 100 * s.zeroFraction())));
        html.append(Html.row(false, "NaN / Inf", s.nanCount() + " / " + s.infCount()));
        html.append("</table>");
        MimeBundle b = MimeBundle.of("text/html", html.toString()).put("text/plain", t.toString());
        Heatmap.plane(t).ifPresent(plane -> b.put("image/png", Heatmap.png(plane)));
        return b;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
