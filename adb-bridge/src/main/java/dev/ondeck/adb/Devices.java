package dev.ondeck.adb;

import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.DeviceEntry;
import dev.ondeck.adb.host.DeviceUnavailableException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point for notebooks: {@code Devices.list()} and {@code Devices.get(serial)} through the adb server at
 * the address adb's own conventions give (ADB_SERVER_SOCKET, ANDROID_ADB_SERVER_PORT, localhost:5037).
 */
public final class Devices {
    private Devices() {
    }

    /** Every device the adb server knows (any state). */
    public static List<Device> list() {
        return list(AdbClient.fromEnvironment());
    }

    public static List<Device> list(AdbClient adb) {
        List<Device> out = new ArrayList<>();
        for (DeviceEntry e : adb.devices()) {
            out.add(new Device(adb, e));
        }
        return out;
    }

    /** The device of that serial; with null, the only device (fails if there are none or several). */
    public static Device get(String serial) {
        return get(AdbClient.fromEnvironment(), serial);
    }

    public static Device get(AdbClient adb, String serial) {
        List<Device> all = list(adb);
        if (serial == null) {
            if (all.size() == 1) {
                return all.get(0);
            }
            throw new DeviceUnavailableException(null, all.isEmpty() ? "not found" : "ambiguous",
                    all.isEmpty() ? "no devices attached" : all.size() + " devices attached");
        }
        List<String> serials = new ArrayList<>();
        for (Device d : all) {
            if (d.serial().equals(serial)) {
                return d;
            }
            serials.add(d.serial());
        }
        throw new DeviceUnavailableException(serial, "not found", "attached: " + serials);
    }
}
