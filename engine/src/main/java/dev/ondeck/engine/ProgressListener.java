package dev.ondeck.engine;

/**
 * Progress of long work (profiling runs, conformance cases, file transfers), reported by the thread doing the
 * work after each step. Listeners must be quick; they run on the worker's thread between steps, never inside a
 * node's execution.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * {@code done} of {@code total} steps are finished; {@code total} is -1 when unknown.
     *
     * @param task what the last step was (e.g. {@code "warm-up"}, {@code "timed run"}, a case name)
     */
    void progress(String task, long done, long total);
}
