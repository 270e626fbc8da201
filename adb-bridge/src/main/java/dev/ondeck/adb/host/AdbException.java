package dev.ondeck.adb.host;

import dev.ondeck.engine.OndeckException;

/** Base of every error of the adb bridge: unchecked, with a message that says what failed and what to do. */
public class AdbException extends OndeckException {
    private static final long serialVersionUID = 1L;

    public AdbException(String message) {
        super(message);
    }

    public AdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
