package dev.ondeck.kernel.magic;

/** A magic failed; the message is shown as the cell's error. */
public class MagicException extends Exception {

    /** A failure described by {@code message}. */
    public MagicException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
