package dev.ondeck.adb.host;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of {@code adb devices -l}: serial, state and properties (product, model, device, transport_id). */
public final class DeviceEntry {
    private final String serial;
    private final String state;
    private final Map<String, String> properties;

    public DeviceEntry(String serial, String state, Map<String, String> properties) {
        this.serial = serial;
        this.state = state;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Parses one line of {@code host:devices-l} or {@code host:devices} output. */
    public static DeviceEntry parse(String line) {
        String[] parts = line.trim().split("\\s+");
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
            int c = parts[i].indexOf(':');
            if (c > 0) {
                props.put(parts[i].substring(0, c), parts[i].substring(c + 1));
            }
        }
        return new DeviceEntry(parts[0], parts.length > 1 ? parts[1] : "unknown", props);
    }

    public String serial() {
        return serial;
    }

    /** device, offline, unauthorized, recovery, ... */
    public String state() {
        return state;
    }

    public boolean isOnline() {
        return "device".equals(state);
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String model() {
        return properties.get("model");
    }

    @Override
    public String toString() {
        return serial + "\t" + state + (properties.isEmpty() ? "" : "\t" + properties);
    }
}
