package dev.ondeck.kernel.notebook;

/** A notebook file that cannot be run: not JSON, not nbformat 4, or without cells. */
public final class NotebookException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming the file and what was expected. */
    public NotebookException(String message) {
        super(message);
    }
}
