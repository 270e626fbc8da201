package dev.ondeck.adb.host;

/** The device is not usable: not found, unauthorized or offline; the message says what to do. */
public final class DeviceUnavailableException extends AdbException {
    private static final long serialVersionUID = 1L;
    private final String serial;
    private final String state;

    public DeviceUnavailableException(String serial, String state, String serverMessage) {
        super(describe(serial, state, serverMessage));
        this.serial = serial;
        this.state = state;
    }

    private static String describe(String serial, String state, String serverMessage) {
        String who = serial == null ? "device" : "device '" + serial + "'";
        switch (state) {
            case "unauthorized":
                return who + " is unauthorized: unlock the phone and accept the 'Allow USB debugging' prompt"
                        + " (or revoke authorizations in Developer options and reconnect)";
            case "offline":
                return who + " is offline: reconnect the cable or run 'adb reconnect', then check 'adb devices'";
            case "not found":
                return who + " not found (" + serverMessage + "); list devices with 'ondeck devices'";
            case "ambiguous":
                return "more than one device connected (" + serverMessage + "); choose one with --device SERIAL";
            default:
                return who + " is " + state + (serverMessage == null ? "" : " (" + serverMessage + ")");
        }
    }

    /** The serial asked for, or null when none was given. */
    public String serial() {
        return serial;
    }

    /** One of unauthorized, offline, not found, ambiguous, or the state the server reported. */
    public String state() {
        return state;
    }
}
