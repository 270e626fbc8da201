package dev.ondeck.visualizers;

/** HTML text helpers: escaping and a self-contained page around fragments. */
public final class Html {
    private Html() {
    }

    /** Escapes {@code & < > "} for text and attribute values (also valid in SVG). */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A standalone HTML page with a title and the given body fragments. */
    public static String page(String title, String... fragments) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:1.5em}"
                        + "figure{margin:1em 0}details{margin:.4em 0}summary{cursor:pointer}</style></head><body>\n<h1>")
                .append(escape(title)).append("</h1>\n");
        for (String f : fragments) {
            sb.append(f).append('\n');
        }
        return sb.append("</body></html>\n").toString();
    }
}
