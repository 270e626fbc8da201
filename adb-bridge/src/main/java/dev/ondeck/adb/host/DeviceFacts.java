package dev.ondeck.adb.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a device is: properties (model, ABI, SDK), CPU cores and their max frequencies from
 * {@code /sys/devices/system/cpu}, thermal zones and battery temperature, read through shell v2.
 */
public final class DeviceFacts {
    private static final Pattern PROP = Pattern.compile("^\\[(.*?)\\]: \\[(.*)\\]$");
    private final Map<String, String> properties;
    private final long[] maxFreqKHz;
    private final Map<String, Double> thermalCelsius;
    private final double batteryCelsius;

    DeviceFacts(Map<String, String> properties, long[] maxFreqKHz, Map<String, Double> thermalCelsius, double batteryCelsius) {
        this.properties = Collections.unmodifiableMap(properties);
        this.maxFreqKHz = maxFreqKHz;
        this.thermalCelsius = Collections.unmodifiableMap(thermalCelsius);
        this.batteryCelsius = batteryCelsius;
    }

    /** Reads the facts of one device. */
    public static DeviceFacts read(AdbClient adb, String serial) {
        Map<String, String> props = parseGetprop(adb.shell(serial, "getprop").checked("getprop"));
        int cores = parseCpuRange(adb.shell(serial, "cat /sys/devices/system/cpu/possible").stdout());
        long[] freqs = new long[cores];
        for (int i = 0; i < cores; i++) {
            ShellResult r = adb.shell(serial, "cat /sys/devices/system/cpu/cpu" + i + "/cpufreq/cpuinfo_max_freq");
            freqs[i] = r.exitCode() == 0 ? parseLong(r.stdout(), -1) : -1;
        }
        Map<String, Double> thermal = new LinkedHashMap<>();
        ShellResult zones = adb.shell(serial, "ls /sys/class/thermal");
        for (String z : zones.stdout().split("\\s+")) {
            if (z.startsWith("thermal_zone")) {
                String base = "/sys/class/thermal/" + z;
                ShellResult type = adb.shell(serial, "cat " + base + "/type");
                ShellResult temp = adb.shell(serial, "cat " + base + "/temp");
                if (type.exitCode() == 0 && temp.exitCode() == 0) {
                    thermal.put(type.stdout().trim(), milliToCelsius(parseLong(temp.stdout(), 0)));
                }
            }
        }
        ShellResult bat = adb.shell(serial, "cat /sys/class/power_supply/battery/temp");
        double battery = bat.exitCode() == 0 ? parseLong(bat.stdout(), 0) / 10.0 : Double.NaN;
        return new DeviceFacts(props, freqs, thermal, battery);
    }

    static double milliToCelsius(long v) {
        return Math.abs(v) >= 1000 ? v / 1000.0 : v;
    }

    static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Parses {@code getprop} output lines {@code [key]: [value]}. */
    static Map<String, String> parseGetprop(String text) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = PROP.matcher(line.trim());
            if (m.matches()) {
                props.put(m.group(1), m.group(2));
            }
        }
        return props;
    }

    /** Counts the CPUs in a kernel range list such as {@code 0-3,6-7}. */
    static int parseCpuRange(String text) {
        int count = 0;
        for (String part : text.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return count;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String model() {
        return properties.get("ro.product.model");
    }

    public String abi() {
        return properties.get("ro.product.cpu.abi");
    }

    public int sdk() {
        return (int) parseLong(properties.getOrDefault("ro.build.version.sdk", "0"), 0);
    }

    public int cores() {
        return maxFreqKHz.length;
    }

    /** Max frequency of each core in kHz (-1 where unreadable). */
    public long[] maxFrequenciesKHz() {
        return maxFreqKHz.clone();
    }

    /** Thermal zone type to temperature in degrees Celsius. */
    public Map<String, Double> thermalCelsius() {
        return thermalCelsius;
    }

    /** Battery temperature in degrees Celsius (NaN if unknown). */
    public double batteryCelsius() {
        return batteryCelsius;
    }

    @Override
    public String toString() {
        List<String> f = new ArrayList<>();
        for (long k : maxFreqKHz) {
            f.add(k < 0 ? "?" : (k / 1000) + "MHz");
        }
        return model() + " (" + abi() + ", SDK " + sdk() + "), " + cores() + " cores " + f
                + ", thermal " + thermalCelsius + ", battery " + batteryCelsius + " C";
    }
}
