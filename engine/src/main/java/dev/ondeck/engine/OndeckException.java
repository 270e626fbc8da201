package dev.ondeck.engine;

/** Base of every error the engine reports: a typed, unchecked exception whose message says expected vs found. */
public class OndeckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OndeckException(String message) {
        super(message);
    }

    public OndeckException(String message, Throwable cause) {
        super(message, cause);
    }
}
