package dev.ondeck.adb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A profile taken on a device: the same per-node report as a local {@code ProfileReport} (its JSON export,
 * schema {@code ondeck.profile/1}, and its table), plus the device state before and after (frequencies in kHz,
 * temperatures in degrees Celsius).
 */
public final class RemoteProfile {
    private final String serial;
    private final String json;
    private final String table;
    private final long runMedianNanos;
    private final Map<String, String> before;
    private final Map<String, String> after;

    RemoteProfile(String serial, String json, String table, long runMedianNanos, Map<String, String> before, Map<String, String> after) {
        this.serial = serial;
        this.json = json;
        this.table = table;
        this.runMedianNanos = runMedianNanos;
        this.before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        this.after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    public String serial() {
        return serial;
    }

    /** The report as the local profiler's JSON export. */
    public String toJson() {
        return json;
    }

    /** The per-node table, as {@code ProfileReport.table}. */
    public String table() {
        return table;
    }

    public long runMedianNanos() {
        return runMedianNanos;
    }

    /** Device state just before profiling. */
    public Map<String, String> stateBefore() {
        return before;
    }

    /** Device state just after profiling. */
    public Map<String, String> stateAfter() {
        return after;
    }

    @Override
    public String toString() {
        return "profile on " + serial + " (median run " + runMedianNanos / 1000 + " us)\n" + table
                + "device state before: " + before + "\ndevice state after:  " + after;
    }
}
