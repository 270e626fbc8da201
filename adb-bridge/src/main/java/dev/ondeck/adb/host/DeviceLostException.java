package dev.ondeck.adb.host;

/** The connection to a device ended during an operation (cable pulled, device killed, adb server gone). */
public final class DeviceLostException extends AdbException {
    private static final long serialVersionUID = 1L;
    private final String serial;
    private final String operation;

    public DeviceLostException(String serial, String operation, Throwable cause) {
        super("device '" + serial + "' was lost during " + operation
                + "; check the connection with 'ondeck devices' and retry", cause);
        this.serial = serial;
        this.operation = operation;
    }

    public String serial() {
        return serial;
    }

    /** What was in progress, e.g. "push /data/local/tmp/x" or "run". */
    public String operation() {
        return operation;
    }
}
