package dev.ondeck.kernel;

import dev.ondeck.kernel.HistoryFile.Cell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this kernel session and, when backed by a {@link HistoryFile}, of earlier
 * sessions, answered as history_reply entries {@code [session, line, input]}. Without a readable and writable
 * file the history is this session's only (logged once, never fatal).
 */
final class History {
    private static final Logger LOG = Logger.getLogger(History.class.getName());

    private final List<Cell> cells = new ArrayList<>();
    private final int session;
    private HistoryFile file;

    /** A history of this session only, numbered session 1. */
    History() {
        this.session = 1;
    }

    /** A history stored in {@code path}, shared with earlier and concurrent kernels. */
    History(Path path) {
        HistoryFile f = new HistoryFile(path);
        int s = 1;
        try {
            s = f.startSession();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "history is not kept across sessions: cannot use " + path, e);
            f = null;
        }
        this.session = s;
        this.file = f;
    }

    /** This session's number. */
    int session() {
        return session;
    }

    synchronized void add(int line, String input, String output) {
        Cell cell = new Cell(session, line, input, output);
        cells.add(cell);
        if (file != null) {
            try {
                file.append(cell);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "history is no longer written to disk", e);
                file = null;
            }
        }
    }

    /** The last {@code n} cells, across sessions. */
    synchronized List<Object> tail(int n, boolean output) {
        List<Cell> all = cells.size() >= n ? cells : allCells();
        return format(all.subList(Math.max(0, all.size() - n), all.size()), output);
    }

    /**
     * Lines {@code [start, stop)} of one session (stop 0: to the end): {@code session} > 0 is a session
     * number, 0 this session, a negative number counts back from this session.
     */
    synchronized List<Object> range(long session, int start, int stop, boolean output) {
        long wanted = session > 0 ? session : this.session + session;
        List<Cell> picked = new ArrayList<>();
        for (Cell c : wanted == this.session ? cells : allCells()) {
            if (c.session() == wanted && c.line() >= start && (stop <= 0 || c.line() < stop)) {
                picked.add(c);
            }
        }
        return format(picked, output);
    }

    /** Cells whose whole input matches the glob {@code pattern}, across sessions; the last {@code n} (0: all). */
    synchronized List<Object> search(String pattern, int n, boolean unique, boolean output) {
        Pattern re = globToRegex(pattern);
        List<Cell> all = allCells();
        List<Cell> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Cell c = all.get(i);
            if (re.matcher(c.input()).matches() && (!unique || seen.add(c.input()))) {
                hits.addFirst(c);
            }
        }
        if (n > 0 && hits.size() > n) {
            hits = hits.subList(hits.size() - n, hits.size());
        }
        return format(hits, output);
    }

    /** Earlier sessions' cells (when stored) followed by this session's. */
    private List<Cell> allCells() {
        List<Cell> all = new ArrayList<>();
        if (file != null) {
            try {
                all.addAll(file.cellsBefore(session));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read earlier sessions' history", e);
            }
        }
        all.addAll(cells);
        return all;
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

    private static List<Object> format(List<Cell> cs, boolean output) {
        List<Object> out = new ArrayList<>();
        for (Cell c : cs) {
            Object body = output ? List.of(c.input(), c.output() == null ? "" : c.output()) : c.input();
            out.add(List.of(c.session(), c.line(), body));
        }
        return out;
    }
}
