package dev.ondeck.kernel.notebook;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown to HTML for notebook reports: headings, paragraphs, fenced and indented code, block quotes, lists,
 * pipe tables, rules, and inline code, emphasis, links and images. Raw HTML is escaped. Image sources go
 * through a resolver, so a report can embed them instead of pointing outside itself.
 */
final class Markdown {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*+]\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+[.)]\\s+(.*)$");
    private static final Pattern RULE = Pattern.compile("^\\s*([-*_])(\\s*\\1){2,}\\s*$");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\s*\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*$");
    private static final Pattern INLINE = Pattern.compile(
            "`([^`]+)`|!\\[([^\\]]*)]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|\\[([^\\]]+)]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)"
                    + "|\\*\\*(.+?)\\*\\*|__(.+?)__|\\*([^*\\s][^*]*?)\\*|(?<![\\w])_([^_\\s][^_]*?)_(?![\\w])");

    private final Function<String, String> imageSource;

    /** {@code imageSource} maps an image URL to the {@code src} to use, or null to show a link instead. */
    Markdown(Function<String, String> imageSource) {
        this.imageSource = imageSource;
    }

    String toHtml(String markdown) {
        String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
        StringBuilder html = new StringBuilder();
        int i = 0;
        while (i < lines.length) {
            i = block(lines, i, html);
        }
        return html.toString();
    }

    private int block(String[] lines, int i, StringBuilder html) {
        String line = lines[i];
        Matcher m;
        if (line.isBlank()) {
            return i + 1;
        }
        if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
            return fenced(lines, i, html);
        }
        if ((m = HEADING.matcher(line)).matches()) {
            int level = m.group(1).length();
            html.append("<h").append(level).append('>').append(inline(m.group(2))).append("</h").append(level).append(">\n");
            return i + 1;
        }
        if (RULE.matcher(line).matches()) {
            html.append("<hr>\n");
            return i + 1;
        }
        if (line.startsWith(">")) {
            return quote(lines, i, html);
        }
        if (line.startsWith("    ") || line.startsWith("\t")) {
            return indentedCode(lines, i, html);
        }
        if (BULLET.matcher(line).matches() || NUMBERED.matcher(line).matches()) {
            return list(lines, i, html);
        }
        if (line.contains("|") && i + 1 < lines.length && TABLE_SEPARATOR.matcher(lines[i + 1]).matches()) {
            return table(lines, i, html);
        }
        return paragraph(lines, i, html);
    }

    private static int fenced(String[] lines, int i, StringBuilder html) {
        String fence = lines[i].strip().substring(0, 3);
        StringBuilder code = new StringBuilder();
        int j = i + 1;
        while (j < lines.length && !lines[j].strip().startsWith(fence)) {
            code.append(lines[j]).append('\n');
            j++;
        }
        html.append("<pre><code>").append(Html.escape(code.toString())).append("</code></pre>\n");
        return j + 1;
    }

    private int quote(String[] lines, int i, StringBuilder html) {
        StringBuilder quoted = new StringBuilder();
        int j = i;
        while (j < lines.length && lines[j].startsWith(">")) {
            quoted.append(lines[j].substring(lines[j].startsWith("> ") ? 2 : 1)).append('\n');
            j++;
        }
        html.append("<blockquote>").append(toHtml(quoted.toString())).append("</blockquote>\n");
        return j;
    }

    private static int indentedCode(String[] lines, int i, StringBuilder html) {
        StringBuilder code = new StringBuilder();
        int j = i;
        while (j < lines.length && (lines[j].startsWith("    ") || lines[j].startsWith("\t") || lines[j].isBlank())) {
            code.append(lines[j].isBlank() ? "" : lines[j].substring(lines[j].startsWith("\t") ? 1 : 4)).append('\n');
            j++;
        }
        html.append("<pre><code>").append(Html.escape(code.toString().stripTrailing())).append("</code></pre>\n");
        return j;
    }

    private int paragraph(String[] lines, int i, StringBuilder html) {
        StringBuilder para = new StringBuilder(lines[i].strip());
        int j = i + 1;
        while (j < lines.length && !lines[j].isBlank() && !startsBlock(lines[j])) {
            para.append('\n').append(lines[j].strip());
            j++;
        }
        html.append("<p>").append(inline(para.toString())).append("</p>\n");
        return j;
    }

    private static boolean startsBlock(String line) {
        return HEADING.matcher(line).matches() || line.strip().startsWith("```") || line.startsWith(">")
                || BULLET.matcher(line).matches() || NUMBERED.matcher(line).matches() || RULE.matcher(line).matches();
    }

    private int list(String[] lines, int i, StringBuilder html) {
        boolean numbered = NUMBERED.matcher(lines[i]).matches();
        Pattern item = numbered ? NUMBERED : BULLET;
        html.append(numbered ? "<ol>\n" : "<ul>\n");
        int j = i;
        while (j < lines.length) {
            Matcher m = item.matcher(lines[j]);
            if (!m.matches()) {
                break;
            }
            StringBuilder text = new StringBuilder(m.group(1));
            j++;
            while (j < lines.length && !lines[j].isBlank() && lines[j].startsWith("  ")
                    && !BULLET.matcher(lines[j]).matches() && !NUMBERED.matcher(lines[j]).matches()) {
                text.append('\n').append(lines[j].strip());
                j++;
            }
            html.append("<li>").append(inline(text.toString())).append("</li>\n");
        }
        html.append(numbered ? "</ol>\n" : "</ul>\n");
        return j;
    }

    private int table(String[] lines, int i, StringBuilder html) {
        html.append("<table>\n<thead><tr>");
        for (String cell : cells(lines[i])) {
            html.append("<th>").append(inline(cell)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int j = i + 2;
        while (j < lines.length && lines[j].contains("|") && !lines[j].isBlank()) {
            html.append("<tr>");
            for (String cell : cells(lines[j])) {
                html.append("<td>").append(inline(cell)).append("</td>");
            }
            html.append("</tr>\n");
            j++;
        }
        html.append("</tbody>\n</table>\n");
        return j;
    }

    private static String[] cells(String row) {
        String r = row.strip();
        r = r.startsWith("|") ? r.substring(1) : r;
        r = r.endsWith("|") ? r.substring(0, r.length() - 1) : r;
        String[] cells = r.split("(?<!\\\\)\\|", -1);
        for (int k = 0; k < cells.length; k++) {
            cells[k] = cells[k].strip().replace("\\|", "|");
        }
        return cells;
    }

    /** Inline markup of one block's text; everything else is escaped. */
    String inline(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = INLINE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(Html.escape(text.substring(last, m.start())));
            last = m.end();
            if (m.group(1) != null) {
                out.append("<code>").append(Html.escape(m.group(1))).append("</code>");
            } else if (m.group(3) != null) {
                String src = imageSource.apply(m.group(3));
                out.append(src != null
                        ? "<img src=\"" + Html.attribute(src) + "\" alt=\"" + Html.attribute(m.group(2)) + "\">"
                        : link(m.group(3), "image: " + (m.group(2).isEmpty() ? m.group(3) : m.group(2))));
            } else if (m.group(5) != null) {
                out.append(link(m.group(5), null).replace("</a>", inline(m.group(4)) + "</a>"));
            } else if (m.group(6) != null || m.group(7) != null) {
                out.append("<strong>").append(inline(m.group(6) != null ? m.group(6) : m.group(7))).append("</strong>");
            } else {
                out.append("<em>").append(inline(m.group(8) != null ? m.group(8) : m.group(9))).append("</em>");
            }
        }
        out.append(Html.escape(text.substring(last)));
        return out.toString().replace("\n", " ");
    }

    private static String link(String url, String label) {
        String safe = url.regionMatches(true, 0, "javascript:", 0, 11) ? "#" : url;
        return "<a href=\"" + Html.attribute(safe) + "\">" + (label == null ? "" : Html.escape(label)) + "</a>";
    }
}
