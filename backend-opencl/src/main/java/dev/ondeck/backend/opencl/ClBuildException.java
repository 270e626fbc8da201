package dev.ondeck.backend.opencl;

import dev.ondeck.engine.OndeckException;

/** An OpenCL program did not compile: the message carries the program, its build options and the compiler's log. */
public final class ClBuildException extends OndeckException {
    private static final long serialVersionUID = 1L;

    public ClBuildException(String message) {
        super(message);
    }
}
