package dev.ondeck.adb.host;

/** No adb server answers at the configured address; the message says how to start one. */
public final class NoAdbServerException extends AdbException {
    private static final long serialVersionUID = 1L;
    private final String address;

    public NoAdbServerException(String address, Throwable cause) {
        super("no adb server running at " + address + "; start one with 'adb start-server'"
                + " (it listens on ANDROID_ADB_SERVER_PORT or ADB_SERVER_SOCKET=tcp:HOST:PORT, default localhost:5037)", cause);
        this.address = address;
    }

    /** The address tried, as host:port. */
    public String address() {
        return address;
    }
}
