package dev.ondeck.adb.nativetools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the per-op output of native benchmark tools, in the formats their projects document:
 * TFLite's {@code benchmark_model --enable_op_profiling=true} ("Operator-wise Profiling Info for Regular
 * Benchmark Runs", "Run Order" table) and MNN's {@code timeProfile.out} ("Sort by node name" table and
 * "total time" line), plus MNN's {@code benchmark.out} summary lines.
 */
public final class NativeToolOutput {
    private static final Pattern BRACKET = Pattern.compile("\\[([^\\]]*)\\]");
    private static final Pattern TFLITE_AVG = Pattern.compile("Inference \\(avg\\):\\s*([0-9.eE+-]+)");
    private static final Pattern MNN_TOTAL = Pattern.compile("total time\\s*:\\s*([0-9.]+)\\s*ms");
    private static final Pattern MNN_BENCH = Pattern.compile(
            "\\[\\s*-\\s*\\]\\s*(\\S+)\\s+max\\s*=\\s*([0-9.]+)\\s*ms\\s+min\\s*=\\s*([0-9.]+)\\s*ms\\s+avg\\s*=\\s*([0-9.]+)\\s*ms");

    private NativeToolOutput() {
    }

    /** Parses benchmark_model output; {@code backend} names the delegate used (cpu, gpu, nnapi, ...). */
    public static NativeProfile parseTflite(String output, String model, String backend) {
        List<NativeProfile.Op> ops = new ArrayList<>();
        String[] lines = output.split("\r?\n");
        int i = indexOf(lines, "Operator-wise Profiling Info for Regular Benchmark Runs", 0);
        if (i < 0) {
            throw new IllegalArgumentException("no 'Operator-wise Profiling Info for Regular Benchmark Runs' section;"
                    + " run benchmark_model with --enable_op_profiling=true");
        }
        i = indexOf(lines, "Run Order", i);
        List<String> columns = new ArrayList<>();
        for (i++; i < lines.length; i++) {
            String line = stripLogPrefix(lines[i]).trim();
            if (columns.isEmpty()) {
                Matcher m = BRACKET.matcher(line);
                while (m.find()) {
                    columns.add(m.group(1).trim());
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("=")) {
                break;
            }
            ops.add(tfliteRow(line, columns));
        }
        double total = 0;
        for (NativeProfile.Op o : ops) {
            total += o.avgMs();
        }
        Matcher avg = TFLITE_AVG.matcher(output);
        if (avg.find()) {
            total = Double.parseDouble(avg.group(1)) / 1000.0;
        }
        return new NativeProfile("benchmark_model", model, backend, ops, total, true);
    }

    private static NativeProfile.Op tfliteRow(String line, List<String> columns) {
        int nameAt = line.indexOf('[');
        String name = nameAt < 0 ? "" : line.substring(nameAt).trim();
        Matcher m = BRACKET.matcher(name);
        if (m.find() && m.start() == 0) {
            String inner = m.group(1);
            String suffix = name.substring(m.end());
            name = inner.isEmpty() ? "node" + suffix : inner + suffix;
        }
        String[] cells = (nameAt < 0 ? line : line.substring(0, nameAt)).trim().split("\\s+");
        Map<String, String> byColumn = new LinkedHashMap<>();
        for (int c = 0; c < cells.length && c < columns.size(); c++) {
            byColumn.put(columns.get(c), cells[c]);
        }
        double avg = number(byColumn.get("avg ms"));
        String calls = byColumn.get("times called");
        return new NativeProfile.Op(name, cells[0], avg, calls == null ? 1 : (int) number(calls));
    }

    /** Parses timeProfile.out output ("Sort by node name" table); {@code backend} is the forward type used. */
    public static NativeProfile parseMnnTimeProfile(String output, String model, String backend) {
        String[] lines = output.split("\r?\n");
        int header = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().startsWith("Node Name") && lines[i].contains("Op Type")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new IllegalArgumentException("no 'Node Name  Op Type  Avg(ms)' table in timeProfile.out output");
        }
        List<String> columns = cells(lines[header]);
        int nameCol = columns.indexOf("Node Name");
        int typeCol = columns.indexOf("Op Type");
        int avgCol = columns.indexOf("Avg(ms)");
        List<NativeProfile.Op> ops = new ArrayList<>();
        for (int i = header + 1; i < lines.length; i++) {
            List<String> row = cells(lines[i]);
            if (row.size() <= avgCol || !row.get(avgCol).matches("[0-9.eE+-]+")) {
                break;
            }
            ops.add(new NativeProfile.Op(row.get(nameCol), row.get(typeCol), Double.parseDouble(row.get(avgCol)), 1));
        }
        Matcher total = MNN_TOTAL.matcher(output);
        double runMs = 0;
        for (NativeProfile.Op o : ops) {
            runMs += o.avgMs();
        }
        if (total.find()) {
            runMs = Double.parseDouble(total.group(1));
        }
        return new NativeProfile("timeProfile.out", model, backend, ops, runMs, false);
    }

    /** Parses benchmark.out lines {@code [ - ] MODEL max = X ms min = Y ms avg = Z ms}: model to {max, min, avg} ms. */
    public static Map<String, double[]> parseMnnBenchmark(String output) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Matcher m = MNN_BENCH.matcher(output);
        while (m.find()) {
            out.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))});
        }
        return out;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.split("\t")) {
            if (!c.trim().isEmpty()) {
                out.add(c.trim());
            }
        }
        if (out.size() <= 1) {
            out.clear();
            for (String c : line.trim().split("\\s{2,}")) {
                if (!c.isEmpty()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static String stripLogPrefix(String line) {
        return line.startsWith("INFO: ") ? line.substring(6) : line;
    }

    private static int indexOf(String[] lines, String text, int from) {
        for (int i = Math.max(0, from); i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static double number(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.replace("%", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
