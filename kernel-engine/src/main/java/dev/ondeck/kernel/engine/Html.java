package dev.ondeck.kernel.engine;

/** HTML escaping and table rows for the engine renderers. */
final class Html {
    private Html() {
    }

    static String escape(Object o) {
        String s = String.valueOf(o);
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A table row of escaped cells; {@code header} uses th. */
    static String row(boolean header, Object... cells) {
        String tag = header ? "th" : "td";
        StringBuilder sb = new StringBuilder("<tr>");
        for (Object c : cells) {
            sb.append('<').append(tag).append('>').append(escape(c)).append("</").append(tag).append('>');
        }
        return sb.append("</tr>").toString();
    }
}
