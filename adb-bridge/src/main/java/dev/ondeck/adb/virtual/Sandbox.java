package dev.ondeck.adb.virtual;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The virtual device's file system: device paths map into one host folder and can never leave it. It holds
 * simulated {@code /proc} and {@code /sys} files (CPU frequencies, thermal zones, battery) written at start.
 */
final class Sandbox {
    private final Path root;

    Sandbox(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /**
     * The host path of a device path; relative paths resolve against {@code cwd}. {@code ..} stops at the
     * device's root, as it does at a real {@code /}, so no path leaves the sandbox.
     */
    Path resolve(String devicePath, String cwd) throws IOException {
        String p = devicePath.startsWith("/") ? devicePath : cwd + "/" + devicePath;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.equals("..")) {
                parts.pollLast();
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                parts.addLast(seg);
            }
        }
        Path host = root;
        for (String seg : parts) {
            host = host.resolve(seg);
        }
        if (!host.normalize().startsWith(root)) {
            throw new IOException(devicePath + ": Permission denied");
        }
        return host;
    }

    Path resolve(String devicePath) throws IOException {
        return resolve(devicePath, "/");
    }

    /** Writes the simulated system files for {@code cores} CPUs. */
    void populate(int cores) throws IOException {
        Files.createDirectories(root.resolve("data/local/tmp"));
        Files.createDirectories(root.resolve("sdcard"));
        StringBuilder cpuinfo = new StringBuilder();
        for (int i = 0; i < cores; i++) {
            boolean big = i >= cores / 2;
            long max = big ? 2_400_000 : 1_800_000;
            write("sys/devices/system/cpu/cpu" + i + "/cpufreq/cpuinfo_max_freq", max + "\n");
            write("sys/devices/system/cpu/cpu" + i + "/cpufreq/scaling_max_freq", max + "\n");
            write("sys/devices/system/cpu/cpu" + i + "/cpufreq/scaling_cur_freq", (max * 3 / 4) + "\n");
            cpuinfo.append("processor\t: ").append(i).append("\nBogoMIPS\t: 38.40\nFeatures\t: fp asimd\n\n");
        }
        String range = cores == 1 ? "0\n" : "0-" + (cores - 1) + "\n";
        write("sys/devices/system/cpu/possible", range);
        write("sys/devices/system/cpu/present", range);
        write("sys/devices/system/cpu/online", range);
        write("proc/cpuinfo", cpuinfo + "Hardware\t: Ondeck virtual device\n");
        write("proc/meminfo", "MemTotal:        8000000 kB\nMemFree:         4000000 kB\nMemAvailable:    6000000 kB\n");
        write("proc/version", "Linux version 5.15.0-ondeck-virtual\n");
        String[] zones = {"cpu-big", "cpu-little", "gpu", "battery"};
        int[] temps = {41500, 38200, 36000, 30500};
        for (int z = 0; z < zones.length; z++) {
            write("sys/class/thermal/thermal_zone" + z + "/type", zones[z] + "\n");
            write("sys/class/thermal/thermal_zone" + z + "/temp", temps[z] + "\n");
        }
        write("sys/class/power_supply/battery/temp", "305\n");
        write("sys/class/power_supply/battery/capacity", "87\n");
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the whole sandbox. */
    void delete() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
