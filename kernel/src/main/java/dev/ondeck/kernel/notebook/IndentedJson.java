package dev.ondeck.kernel.notebook;

import dev.ondeck.kernel.protocol.Json;
import java.util.Collection;
import java.util.Map;

/** Writes JSON with one space of indentation per level, as Jupyter writes notebooks (diff-friendly). */
final class IndentedJson {
    private IndentedJson() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "\n" : ",\n").append(" ".repeat(depth + 1));
                first = false;
                sb.append(Json.write(String.valueOf(e.getKey()))).append(": ");
                write(sb, e.getValue(), depth + 1);
            }
            sb.append('\n').append(" ".repeat(depth)).append('}');
        } else if (v instanceof Collection<?> c && !c.isEmpty()) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                sb.append(first ? "\n" : ",\n").append(" ".repeat(depth + 1));
                first = false;
                write(sb, o, depth + 1);
            }
            sb.append('\n').append(" ".repeat(depth)).append(']');
        } else {
            sb.append(Json.write(v));
        }
    }
}
