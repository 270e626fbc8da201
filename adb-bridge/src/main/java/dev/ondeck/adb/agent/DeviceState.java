package dev.ondeck.adb.agent;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of what throttles a phone: each core's current and max frequency (kHz), thermal zone
 * temperatures and the battery temperature (degrees Celsius), read from /sys. On the virtual device the
 * files live under {@code ONDECK_DEVICE_ROOT}. Keys: {@code cpuN.cur_khz}, {@code cpuN.max_khz},
 * {@code thermal.TYPE}, {@code battery}.
 */
public final class DeviceState {
    private DeviceState() {
    }

    /** Reads the snapshot now; files that are missing are left out. */
    public static Map<String, String> snapshot() {
        String root = System.getenv("ONDECK_DEVICE_ROOT");
        String prefix = root == null ? "" : root;
        Map<String, String> s = new LinkedHashMap<>();
        for (int i = 0; i < 256; i++) {
            String base = prefix + "/sys/devices/system/cpu/cpu" + i + "/cpufreq/";
            if (!new File(prefix + "/sys/devices/system/cpu/cpu" + i).exists()) {
                break;
            }
            put(s, "cpu" + i + ".cur_khz", read(base + "scaling_cur_freq"));
            put(s, "cpu" + i + ".max_khz", read(base + "cpuinfo_max_freq"));
        }
        File[] zones = new File(prefix + "/sys/class/thermal").listFiles();
        if (zones != null) {
            java.util.Arrays.sort(zones);
            for (File z : zones) {
                String type = read(z.getPath() + "/type");
                String temp = read(z.getPath() + "/temp");
                if (z.getName().startsWith("thermal_zone") && type != null && temp != null) {
                    s.put("thermal." + type, celsius(temp, 1000));
                }
            }
        }
        String battery = read(prefix + "/sys/class/power_supply/battery/temp");
        if (battery != null) {
            s.put("battery", celsius(battery, 10));
        }
        return s;
    }

    private static void put(Map<String, String> s, String key, String value) {
        if (value != null) {
            s.put(key, value);
        }
    }

    private static String celsius(String raw, int scale) {
        try {
            long v = Long.parseLong(raw);
            return Double.toString(scale == 1000 && Math.abs(v) < 1000 ? v : (double) v / scale);
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    private static String read(String path) {
        File f = new File(path);
        if (!f.isFile()) {
            return null;
        }
        try (InputStream in = new FileInputStream(f)) {
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
