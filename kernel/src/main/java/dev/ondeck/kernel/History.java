package dev.ondeck.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The inputs (and text outputs) of this kernel session, answered as history_reply entries. */
final class History {
    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The last {@code n} entries. */
    synchronized List<Object> tail(int n, boolean output) {
        int from = Math.max(0, entries.size() - n);
        return format(entries.subList(from, entries.size()), output);
    }

    /** Lines {@code [start, stop)} of the current session (session 0 or absent); other sessions are not kept. */
    synchronized List<Object> range(long session, int start, int stop, boolean output) {
        if (session > 0 || session < 0) {
            return List.of();
        }
        List<Entry> picked = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line >= start && (stop <= 0 || e.line < stop)) {
                picked.add(e);
            }
        }
        return format(picked, output);
    }

    /** Entries whose whole input matches the glob {@code pattern}; the last {@code n} (0: all). */
    synchronized List<Object> search(String pattern, int n, boolean unique, boolean output) {
        Pattern re = globToRegex(pattern);
        List<Entry> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (re.matcher(e.input).matches() && (!unique || seen.add(e.input))) {
                hits.addFirst(e);
            }
        }
        if (n > 0 && hits.size() > n) {
            hits = hits.subList(hits.size() - n, hits.size());
        }
        return format(hits, output);
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    private static List<Object> format(List<Entry> es, boolean output) {
        List<Object> out = new ArrayList<>();
        for (Entry e : es) {
            Object body = output ? List.of(e.input, e.output == null ? "" : e.output) : e.input;
            out.add(List.of(0, e.line, body));
        }
        return out;
    }
}
