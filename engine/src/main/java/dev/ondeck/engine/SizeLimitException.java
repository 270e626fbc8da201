package dev.ondeck.engine;

/**
 * A tensor would exceed the element cap ({@link Limits#maxElements()}); refused before allocating.
 */
public class SizeLimitException extends OndeckException {
    private static final long serialVersionUID = 1L;

    public SizeLimitException(String message) {
        super(message);
    }
}
