package dev.ondeck.engine;

/** A run was given a wrong input: unknown name, missing input, wrong dtype or shape. */
public class InvalidInputException extends OndeckException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
