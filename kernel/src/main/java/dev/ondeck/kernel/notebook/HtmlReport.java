package dev.ondeck.kernel.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A notebook as one self-contained HTML page: Markdown cells rendered, code cells with their source and
 * outputs; PNG/JPEG images embedded as {@code data:} URIs, SVG inline, HTML outputs as they are. Nothing is
 * loaded from elsewhere: a Markdown image is embedded from the cell's attachments or the notebook's folder,
 * or shown as a link.
 */
public final class HtmlReport {
    private static final List<String> PREFERRED = List.of("text/html", "image/svg+xml", "image/png", "image/jpeg",
            "image/gif", "text/markdown", "text/plain");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern XML_PROLOG = Pattern.compile("^\\s*(<\\?xml[^>]*\\?>\\s*)?(<!DOCTYPE[^>]*>\\s*)?");
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
            .cell{margin:1em 0}.code .source{background:#f6f8fa;border:1px solid #ddd;border-radius:4px;padding:.6em;overflow-x:auto}
            .prompt{color:#888;font:12px monospace}.output{margin:.4em 0 .4em 1em;overflow-x:auto}
            pre{font:13px/1.4 monospace;white-space:pre-wrap;margin:0}.stderr{background:#fff5f5}
            .error{background:#fdecea;color:#a00;padding:.5em}table{border-collapse:collapse}
            td,th{border:1px solid #ccc;padding:2px 8px}img,svg{max-width:100%;height:auto}
            """;

    private final Path baseDir;

    /** A report for a notebook stored in {@code baseDir} (where relative Markdown images are looked up). */
    public HtmlReport(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** Writes the report of {@code notebook} to {@code file}. */
    public void write(Notebook notebook, String title, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(notebook, title), StandardCharsets.UTF_8);
    }

    /** The report as HTML text. */
    public String render(Notebook notebook, String title) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.append("<title>").append(Html.escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n");
        html.append("</head>\n<body>\n<main>\n");
        for (Map<String, Object> cell : notebook.cells()) {
            String type = String.valueOf(cell.get("cell_type"));
            switch (type) {
                case "markdown" -> html.append("<div class=\"cell markdown\">\n").append(markdown(cell)).append("</div>\n");
                case "code" -> code(cell, html);
                default -> html.append("<div class=\"cell raw\"><pre>").append(Html.escape(Notebook.source(cell)))
                        .append("</pre></div>\n");
            }
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private String markdown(Map<String, Object> cell) {
        Map<?, ?> attachments = cell.get("attachments") instanceof Map<?, ?> a ? a : Map.of();
        return new Markdown(url -> imageSource(url, attachments)).toHtml(Notebook.source(cell));
    }

    private String imageSource(String url, Map<?, ?> attachments) {
        if (url.startsWith("data:")) {
            return url;
        }
        if (url.startsWith("attachment:")) {
            if (attachments.get(url.substring("attachment:".length())) instanceof Map<?, ?> bundle) {
                for (Map.Entry<?, ?> e : bundle.entrySet()) {
                    return "data:" + e.getKey() + ";base64," + Notebook.text(e.getValue()).replaceAll("\\s", "");
                }
            }
            return null;
        }
        if (url.contains("://") || baseDir == null) {
            return null;
        }
        Path file = baseDir.resolve(url).normalize();
        try {
            return Files.isRegularFile(file)
                    ? "data:" + imageType(url) + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file))
                    : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String imageType(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.endsWith(".svg") ? "image/svg+xml" : u.endsWith(".jpg") || u.endsWith(".jpeg") ? "image/jpeg"
                : u.endsWith(".gif") ? "image/gif" : "image/png";
    }

    private void code(Map<String, Object> cell, StringBuilder html) {
        Object count = cell.get("execution_count");
        html.append("<div class=\"cell code\">\n<div class=\"prompt\">In [").append(count == null ? " " : count)
                .append("]:</div>\n<pre class=\"source\"><code>").append(Html.escape(Notebook.source(cell)))
                .append("</code></pre>\n");
        if (cell.get("outputs") instanceof List<?> outputs) {
            for (Object o : outputs) {
                if (o instanceof Map<?, ?> out) {
                    html.append(output(out));
                }
            }
        }
        html.append("</div>\n");
    }

    private String output(Map<?, ?> out) {
        String type = String.valueOf(out.get("output_type"));
        return switch (type) {
            case "stream" -> "<div class=\"output " + Html.attribute(String.valueOf(out.get("name"))) + "\"><pre>"
                    + Html.escape(Notebook.text(out.get("text"))) + "</pre></div>\n";
            case "error" -> "<div class=\"output error\"><pre>" + Html.escape(traceback(out)) + "</pre></div>\n";
            case "display_data", "execute_result" -> "<div class=\"output\">"
                    + (out.get("data") instanceof Map<?, ?> data ? bundle(data) : "") + "</div>\n";
            default -> "";
        };
    }

    private static String traceback(Map<?, ?> out) {
        StringBuilder sb = new StringBuilder();
        if (out.get("traceback") instanceof List<?> lines && !lines.isEmpty()) {
            lines.forEach(l -> sb.append(l).append('\n'));
        } else {
            sb.append(out.get("ename")).append(": ").append(out.get("evalue"));
        }
        return ANSI.matcher(sb).replaceAll("");
    }

    private String bundle(Map<?, ?> data) {
        for (String mime : PREFERRED) {
            if (!data.containsKey(mime)) {
                continue;
            }
            String value = Notebook.text(data.get(mime));
            return switch (mime) {
                case "text/html" -> value;
                case "image/svg+xml" -> XML_PROLOG.matcher(value).replaceFirst("");
                case "image/png", "image/jpeg", "image/gif" -> "<img src=\"data:" + mime + ";base64,"
                        + value.replaceAll("\\s", "") + "\" alt=\"" + mime + " output\">";
                case "text/markdown" -> new Markdown(url -> imageSource(url, Map.of())).toHtml(value);
                default -> "<pre>" + Html.escape(ANSI.matcher(value).replaceAll("")) + "</pre>";
            };
        }
        return "";
    }
}
