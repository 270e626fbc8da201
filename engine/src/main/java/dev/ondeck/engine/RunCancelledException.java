package dev.ondeck.engine;

/** A run, profile or debug session stopped because its thread was interrupted; the interrupt flag is kept. */
public class RunCancelledException extends OndeckException {
    private static final long serialVersionUID = 1L;

    public RunCancelledException(String message) {
        super(message);
    }
}
