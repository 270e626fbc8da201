package dev.ondeck.kernel.display;

import java.util.Locale;

/**
 * A progress bar shown as one output and updated in place ({@code update_display_data}) as work proceeds.
 * {@link #update(String, long, long)} has the shape of a progress callback, so a method reference
 * ({@code bar::update}) plugs into any library's listener of (task, done, total). Updates are sent at most every
 * {@value #MIN_INTERVAL_MS} ms, and always when the work is done. Outside a kernel or runner the bar shows
 * nothing, so library code may report progress wherever it runs.
 */
public final class ProgressBar {
    /** The least time between two updates sent to the front end. */
    public static final long MIN_INTERVAL_MS = 100;
    private static final int WIDTH = 30;

    private final String label;
    private final DisplayHandle handle;
    private long lastSent = Long.MIN_VALUE;

    private ProgressBar(String label) {
        this.label = label;
        this.handle = Display.connected() ? Display.display(bundle("", 0, -1)) : null;
    }

    /** Shows an empty bar labelled {@code label}. */
    public static ProgressBar show(String label) {
        return new ProgressBar(label);
    }

    /** The display this bar updates; null when nothing is connected. */
    public DisplayHandle handle() {
        return handle;
    }

    /** Shows that {@code done} of {@code total} steps are finished ({@code total} -1 when unknown). */
    public synchronized void update(String task, long done, long total) {
        long now = System.nanoTime() / 1_000_000;
        boolean finished = total >= 0 && done >= total;
        if (handle == null || !finished && lastSent != Long.MIN_VALUE && now - lastSent < MIN_INTERVAL_MS) {
            return;
        }
        lastSent = now;
        Display.updateDisplay(handle, bundle(task, done, total));
    }

    private MimeBundle bundle(String task, long done, long total) {
        String count = total >= 0 ? done + "/" + total : String.valueOf(done);
        String percent = total > 0 ? String.format(Locale.ROOT, " (%d%%)", done * 100 / total) : "";
        String after = task.isEmpty() ? "" : ", " + task;
        int filled = total > 0 ? (int) Math.min(WIDTH, done * WIDTH / total) : 0;
        String text = label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + count + percent + after;
        String bar = total < 0 ? "<progress></progress>"
                : "<progress value=\"" + done + "\" max=\"" + Math.max(1, total) + "\"></progress>";
        String html = "<div class=\"ondeck-progress\">" + bar + " " + escape(label + " " + count + percent + after)
                + "</div>";
        return new MimeBundle().put("text/plain", text).put("text/html", html);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
