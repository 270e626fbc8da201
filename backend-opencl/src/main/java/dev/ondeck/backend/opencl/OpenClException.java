package dev.ondeck.backend.opencl;

import dev.ondeck.engine.OndeckException;

/** An OpenCL call failed; the message names the call and the error by its OpenCL name. */
public final class OpenClException extends OndeckException {
    private static final long serialVersionUID = 1L;

    public OpenClException(String message) {
        super(message);
    }
}
