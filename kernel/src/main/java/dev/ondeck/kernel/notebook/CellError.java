package dev.ondeck.kernel.notebook;

/**
 * A cell that failed.
 *
 * @param index     the cell's index in the notebook (0-based, counting markdown cells)
 * @param firstLine its first non-blank source line
 * @param ename     the error's name (exception class or kind)
 * @param evalue    the error's message
 */
public record CellError(int index, String firstLine, String ename, String evalue) {

    /** One line for a terminal: which cell, its first line, and the error. */
    public String describe() {
        return "cell " + index + " (" + firstLine + ") failed: " + ename + (evalue.isEmpty() ? "" : ": " + evalue);
    }
}
