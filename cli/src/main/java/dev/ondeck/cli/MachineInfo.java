package dev.ondeck.cli;

import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a benchmark number depends on: CPU model, cores, load, JDK, OS and the {@code cpu} backend's vector species. */
final class MachineInfo {
    private MachineInfo() {
    }

    /** Machine facts by name (values are strings or numbers). */
    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("load_average", firstLine(Paths.get("/proc/loadavg")).replaceAll("^(\\S+ \\S+ \\S+).*", "$1"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cpu_backend", cpuBackend());
        return m;
    }

    /** One line: "AMD EPYC ..., 2 cores, load 3.1 2.9 2.5, JDK ..., cpu backend: ...". */
    static String line(Map<String, Object> m) {
        return m.get("cpu") + ", " + m.get("cores") + " cores, load " + m.get("load_average") + ", " + m.get("jdk")
                + ", " + m.get("os") + "; cpu backend: " + m.get("cpu_backend");
    }

    /** As a JSON object. */
    static String json(Map<String, Object> m, String indent) {
        StringBuilder sb = new StringBuilder("{");
        String sep = "\n";
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            sb.append(sep).append(indent).append("  ").append(Json.str(e.getKey())).append(": ")
                    .append(v instanceof Number ? v.toString() : Json.str(String.valueOf(v)));
            sep = ",\n";
        }
        return sb.append("\n").append(indent).append("}").toString();
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Paths.get("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch") + " (no /proc/cpuinfo)";
        }
        return System.getProperty("os.arch");
    }

    private static String firstLine(Path p) {
        try {
            List<String> lines = Files.readAllLines(p);
            return lines.isEmpty() ? "unknown" : lines.get(0);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuBackend() {
        for (Backend b : Backends.all()) {
            if (b.name().equals("cpu")) {
                return b.unavailableReason() == null ? b.description() : "unavailable: " + b.unavailableReason();
            }
        }
        return "not on the class path";
    }
}
