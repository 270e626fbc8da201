package dev.ondeck.cli;

import dev.ondeck.engine.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of long work on stderr: on a terminal one line redrawn in place (at most every
 * {@value #REDRAW_MS} ms, and when done); otherwise a line at each tenth of the work (or every
 * {@value #UNKNOWN_TOTAL_MS} ms when the total is unknown), so logs stay short.
 */
final class ProgressLine implements ProgressListener {
    /** Whether stderr is a terminal; set by {@link Ondeck#main}, false when embedded or in tests. */
    static volatile boolean terminal;
    static final long REDRAW_MS = 100;
    static final long UNKNOWN_TOTAL_MS = 5000;
    private static final int BAR = 24;

    private final PrintWriter err;
    private final String label;
    private final boolean bytes;
    private final boolean tty;
    private long lastDraw = Long.MIN_VALUE;
    private long lastTenth = -1;
    private boolean drawn;

    private ProgressLine(PrintWriter err, String label, boolean bytes, boolean tty) {
        this.err = err;
        this.label = label;
        this.bytes = bytes;
        this.tty = tty;
    }

    /** Progress counted in steps (runs, cases). */
    static ProgressLine steps(PrintWriter err, String label) {
        return new ProgressLine(err, label, false, terminal);
    }

    /** Progress counted in bytes (shown in MB). */
    static ProgressLine bytes(PrintWriter err, String label) {
        return new ProgressLine(err, label, true, terminal);
    }

    /** The same, forced to a terminal's or a log's behaviour (for tests). */
    static ProgressLine of(PrintWriter err, String label, boolean bytes, boolean tty) {
        return new ProgressLine(err, label, bytes, tty);
    }

    @Override
    public synchronized void progress(String task, long done, long total) {
        long now = System.nanoTime() / 1_000_000;
        boolean finished = total >= 0 && done >= total;
        if (tty) {
            if (finished || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_MS) {
                lastDraw = now;
                err.print("\r" + text(task, done, total) + "\u001B[K" + (finished ? "\n" : ""));
                drawn = !finished;
                err.flush();
            }
            return;
        }
        long tenth = total > 0 ? done * 10 / total : -1;
        boolean due = total > 0 ? tenth > lastTenth : lastDraw == Long.MIN_VALUE || now - lastDraw >= UNKNOWN_TOTAL_MS;
        if (due) {
            lastTenth = tenth;
            lastDraw = now;
            err.println(text(task, done, total));
            err.flush();
        }
    }

    /** Removes a half-drawn terminal line before other output is printed. */
    synchronized void clear() {
        if (tty && drawn) {
            err.print("\r\u001B[K");
            err.flush();
            drawn = false;
        }
    }

    String text(String task, long done, long total) {
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR, done * BAR / total);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        }
        sb.append(amount(done));
        if (total >= 0) {
            sb.append('/').append(amount(total));
        }
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, " (%d%%)", done * 100 / total));
        }
        if (task != null && !task.isEmpty()) {
            sb.append(' ').append(task);
        }
        return sb.toString();
    }

    private String amount(long n) {
        return bytes ? String.format(Locale.ROOT, "%.1f MB", n / 1e6) : Long.toString(n);
    }
}
