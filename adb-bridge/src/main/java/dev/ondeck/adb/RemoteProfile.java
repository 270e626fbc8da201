package dev.ondeck.adb;

import dev.ondeck.engine.profile.ProfileReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A profile taken on a device: the same {@link ProfileReport} as a local profile (every per-run time, so its
 * table, JSON, Chrome trace and charts are the local ones), plus the device state before and after
 * (frequencies in kHz, temperatures in degrees Celsius).
 */
public final class RemoteProfile {
    private final String serial;
    private final ProfileReport report;
    private final Map<String, String> before;
    private final Map<String, String> after;

    RemoteProfile(String serial, ProfileReport report, Map<String, String> before, Map<String, String> after) {
        this.serial = serial;
        this.report = report;
        this.before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        this.after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    public String serial() {
        return serial;
    }

    /** The per-node report, as a local profile gives it. */
    public ProfileReport report() {
        return report;
    }

    /** The report as the local profiler's JSON export (schema {@code ondeck.profile/1}). */
    public String toJson() {
        return report.toJson();
    }

    /** The per-node table of every node, as {@code ProfileReport.table}. */
    public String table() {
        return report.table(Integer.MAX_VALUE);
    }

    public long runMedianNanos() {
        return report.runMedianNanos();
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
        return "profile on " + serial + " (median run " + report.runMedianNanos() / 1000 + " us)\n" + table()
                + "device state before: " + before + "\ndevice state after:  " + after;
    }
}
