package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the demo's HTML report and a notebook's HTML export in headless Chromium and checks that the
 * pictures rendered: every {@code <img>} decoded (natural size above zero), inline SVGs laid out, and the
 * screenshot region of the first chart is not blank.
 */
class BrowserTest {
    @TempDir
    Path dir;

    @Test
    void demoReportShowsItsCharts() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.findOrSkip();
        Path report = dir.resolve("ondeck-demo.html");
        StringWriter out = new StringWriter();
        int code = Ondeck.execute(new String[] {"demo", "--runs", "1", "--html", report.toString()},
                new PrintWriter(out), new PrintWriter(out));
        assertEquals(0, code, out.toString());
        Map<String, Integer> found = chromium.probe(report);
        System.out.println("demo report in chromium: " + found);
        assertEquals(4, found.get("images"), "the four profile charts: " + found);
        assertEquals(found.get("images"), found.get("decoded"), "every image decoded: " + found);
        assertTrue(found.get("minNaturalWidth") >= 400, "charts at their size: " + found);
        assertTrue(found.get("visibleSvgs") >= 1, "the graph overview is drawn: " + found);
        assertFirstImageIsNotBlank(chromium, report, found);
    }

    @Test
    void notebookHtmlExportShowsItsPictures() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.findOrSkip();
        Jupyter jupyter = Jupyter.withOndeckKernel();
        Path executed = jupyter.execute(Jupyter.root().resolve("notebooks/01-quickstart.ipynb"), "notebook", dir,
                "quickstart", 300);
        Path html = jupyter.toHtml(executed, dir, "quickstart");
        Map<String, Integer> found = chromium.probe(html);
        System.out.println("01-quickstart.html in chromium: " + found);
        assertTrue(found.get("images") >= 4, "digits, logits and profile charts: " + found);
        assertEquals(found.get("images"), found.get("decoded"), "every image decoded: " + found);
        assertTrue(found.get("visibleSvgs") >= 1, "the model graph is drawn: " + found);
        assertFirstImageIsNotBlank(chromium, html, found);
    }

    /** The first image's screenshot region has more than a handful of colours (a chart, not a blank box). */
    private static void assertFirstImageIsNotBlank(HeadlessChromium chromium, Path page, Map<String, Integer> found)
            throws Exception {
        int x = found.get("firstX");
        int y = found.get("firstY");
        int w = Math.min(found.get("firstW"), 1200 - x);
        int h = found.get("firstH");
        assertTrue(w > 0 && h > 0, "first image has a size on the page: " + found);
        BufferedImage shot = chromium.screenshot(page, 1200, y + h + 20);
        Set<Integer> colours = new HashSet<>();
        for (int yy = y; yy < y + h && yy < shot.getHeight(); yy += 2) {
            for (int xx = x; xx < x + w && xx < shot.getWidth(); xx += 2) {
                colours.add(shot.getRGB(xx, yy));
            }
        }
        assertTrue(colours.size() >= 8, "first image region of " + page.getFileName() + " has " + colours.size()
                + " colours: blank? " + found);
    }
}
