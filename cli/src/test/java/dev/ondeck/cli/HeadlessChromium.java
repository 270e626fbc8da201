package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium} in headless mode, with a fresh profile and no network features, to check what a
 * browser makes of our HTML. {@link #probe} loads a copy of a page with a small script appended that reports
 * every image's decoded size and every inline SVG's rendered size into the DOM, which {@code --dump-dom}
 * prints; {@link #screenshot} takes a picture of the page.
 */
final class HeadlessChromium {
    private static final Pattern PROBE = Pattern.compile("<pre id=\"ondeck-probe\">([^<]*)</pre>");
    private static final String SCRIPT = """
            <script>
            window.addEventListener('load', () => {
              const imgs = [...document.images];
              const ok = imgs.filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0);
              const svgs = [...document.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 0);
              const first = ok.length ? ok[0].getBoundingClientRect() : {x: 0, y: 0, width: 0, height: 0};
              const p = document.createElement('pre');
              p.id = 'ondeck-probe';
              p.textContent = 'images=' + imgs.length + ' decoded=' + ok.length
                + ' minNaturalWidth=' + Math.min(...ok.map(i => i.naturalWidth), 1e9)
                + ' visibleSvgs=' + svgs.length
                + ' firstX=' + Math.round(first.x + scrollX) + ' firstY=' + Math.round(first.y + scrollY)
                + ' firstW=' + Math.round(first.width) + ' firstH=' + Math.round(first.height);
              document.body.appendChild(p);
            });
            </script>
            """;
    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The installed chromium; skips without it, except under {@code CI=true}, where it fails. */
    static HeadlessChromium findOrSkip() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "chromium");
            if (Files.isExecutable(p)) {
                return new HeadlessChromium(p);
            }
        }
        String msg = "chromium is not installed (apt-get install -y chromium)";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg + "; CI=true requires it");
        }
        Assumptions.abort(msg + ": skipping the browser test");
        return null;
    }

    /** Loads a probed copy of {@code page} and returns what the probe found (images, decoded, ...). */
    Map<String, Integer> probe(Path page) throws Exception {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        Path probed = page.resolveSibling("probed-" + page.getFileName());
        Files.writeString(probed, end < 0 ? html + SCRIPT : html.substring(0, end) + SCRIPT + html.substring(end),
                StandardCharsets.UTF_8);
        String dom = run(List.of("--virtual-time-budget=20000", "--dump-dom", probed.toUri().toString()));
        Matcher m = PROBE.matcher(dom);
        if (!m.find()) {
            fail("the probe did not run in " + page + "; chromium printed:\n"
                    + dom.substring(0, Math.min(2000, dom.length())));
        }
        Map<String, Integer> found = new TreeMap<>();
        for (String kv : m.group(1).trim().split("\\s+")) {
            String[] p = kv.split("=");
            found.put(p[0], (int) Math.min(Integer.MAX_VALUE, Double.parseDouble(p[1])));
        }
        return found;
    }

    /** A screenshot of the top {@code width} x {@code height} pixels of the page. */
    BufferedImage screenshot(Path page, int width, int height) throws Exception {
        Path png = Files.createTempFile("ondeck-shot", ".png");
        run(List.of("--window-size=" + width + "," + height, "--hide-scrollbars", "--virtual-time-budget=20000",
                "--screenshot=" + png, page.toUri().toString()));
        return ImageIO.read(png.toFile());
    }

    private String run(List<String> extra) throws Exception {
        Path profile = Files.createTempDirectory("ondeck-chromium");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + cmd);
        return new String(out, StandardCharsets.UTF_8);
    }
}
