package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.visualizers.EngineCharts;
import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.Html;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The self-contained HTML report of {@code ondeck demo}: the text the command prints, then MobileNetV2's
 * profile charts and its graph coloured by time share. Images are embedded as data URIs, so the file can
 * be opened or mailed alone.
 */
final class DemoReport {
    private final List<String> sections = new ArrayList<>();
    private Figure headline;

    /** A section of preformatted text (what the command printed for one part). */
    void text(String title, String text) {
        sections.add("<h2>" + Html.escape(title) + "</h2>\n<pre>" + Html.escape(text) + "</pre>");
    }

    /** MobileNetV2's profile charts and its graph coloured by each node's share of the time. */
    void profile(Model model, ProfileReport profile) {
        List<Figure> charts = EngineCharts.profile(profile);
        headline = charts.get(0);
        StringBuilder sb = new StringBuilder("<h2>Where MobileNetV2's time goes</h2>\n");
        charts.forEach(f -> sb.append(f.html()).append('\n'));
        sb.append("<h2>The graph, coloured by time share</h2>\n").append(EngineCharts.modelHtml(model.graph(), profile));
        sections.add(sb.toString());
    }

    /** Writes the page; returns the number of embedded PNG images. */
    int write(Path file) throws IOException {
        String page = Html.page("Ondeck demo", sections.toArray(new String[0]));
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, page, StandardCharsets.UTF_8);
        return page.split("data:image/png;base64,", -1).length - 1;
    }

    /** Writes the first profile chart (slowest nodes) as a PNG, e.g. for the README; false without a profile. */
    boolean writeHeadline(Path png) throws IOException {
        if (headline == null) {
            return false;
        }
        headline.write(png);
        return true;
    }
}
