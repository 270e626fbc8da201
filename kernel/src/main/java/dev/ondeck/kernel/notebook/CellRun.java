package dev.ondeck.kernel.notebook;

/**
 * One executed code cell, reported as the runner goes.
 *
 * @param index          the cell's index in the notebook (0-based)
 * @param executionCount its execution count
 * @param firstLine      its first non-blank source line
 * @param seconds        how long it ran
 * @param failed         whether it ended with an error output
 */
public record CellRun(int index, int executionCount, String firstLine, double seconds, boolean failed) {
}
