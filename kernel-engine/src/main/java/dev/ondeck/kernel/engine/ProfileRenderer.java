package dev.ondeck.kernel.engine;

import dev.ondeck.engine.profile.NodeProfile;
import dev.ondeck.engine.profile.OpTypeSummary;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.Renderer;
import dev.ondeck.visualizers.EngineCharts;
import dev.ondeck.visualizers.Figure;
import java.util.List;
import java.util.Locale;

/**
 * Shows a {@link ProfileReport} as HTML: the charts of {@link EngineCharts#profile} (slowest nodes, time by
 * op type, timeline, memory) above tables of the slowest nodes and the time by op type; the slowest-nodes
 * chart is also the bundle's {@code image/png}.
 */
public final class ProfileRenderer implements Renderer {
    private static final int TOP = 20;

    @Override
    public Class<?> type() {
        return ProfileReport.class;
    }

    @Override
    public MimeBundle render(Object value) {
        ProfileReport r = (ProfileReport) value;
        List<Figure> charts = EngineCharts.profile(r);
        StringBuilder html = new StringBuilder("<div class=\"ondeck-profile\"><p>")
                .append(Html.escape(String.format(Locale.ROOT, "%s on %s: median %.3f ms, p90 %.3f ms over %d runs",
                        r.model(), r.backend(), ms(r.runMedianNanos()), ms(r.runP90Nanos()), r.runs())))
                .append("</p>");
        for (Figure f : charts) {
            html.append(f.html());
        }
        html.append("<table>")
                .append(Html.row(true, "node", "op", "backend", "median ms", "p90 ms", "MFLOP", "GFLOP/s"));
        for (NodeProfile n : r.slowest(TOP)) {
            html.append(Html.row(false, n.name(), n.opType(), n.backend(), f3(ms(n.medianNanos())),
                    f3(ms(n.p90Nanos())), f3(n.flops() / 1e6), f3(n.gflopsPerSecond())));
        }
        html.append("</table><table>").append(Html.row(true, "op type", "count", "ms", "share"));
        for (OpTypeSummary s : r.byOpType()) {
            html.append(Html.row(false, s.opType(), s.count(), f3(ms(s.medianNanos())),
                    String.format(Locale.ROOT, "%.1f%%", 100 * s.share())));
        }
        html.append("</table></div>");
        return MimeBundle.of("text/html", html.toString()).put("image/png", charts.get(0).pngBase64())
                .put("text/plain", r.table(TOP));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
