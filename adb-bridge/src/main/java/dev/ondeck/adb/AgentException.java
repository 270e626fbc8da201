package dev.ondeck.adb;

import dev.ondeck.adb.host.AdbException;

/** The agent on the device reported an error (bad input, unknown backend, engine failure) or exited. */
public final class AgentException extends AdbException {
    private static final long serialVersionUID = 1L;
    private final String remoteType;

    public AgentException(String serial, String remoteType, String message) {
        super("on device '" + serial + "': " + remoteType + ": " + message);
        this.remoteType = remoteType;
    }

    /** The simple class name of the exception thrown on the device (or "exit" when the agent exited). */
    public String remoteType() {
        return remoteType;
    }
}
