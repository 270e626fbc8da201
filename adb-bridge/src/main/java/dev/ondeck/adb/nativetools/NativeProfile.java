package dev.ondeck.adb.nativetools;

import dev.ondeck.engine.profile.NodeProfile;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-op times reported by a native tool on the phone (MNN's timeProfile.out, TFLite's benchmark_model),
 * in the shape of Ondeck's own profile: nodes in run order with op type, backend and average time, an
 * op-type breakdown, a {@link #table()} with the same columns and a JSON export with the same field names
 * as {@code ProfileReport.toJson()} (schema {@code ondeck.profile/1}; fields a tool does not measure are absent).
 */
public final class NativeProfile {
    /** One op as the tool reported it. */
    public static final class Op {
        private final String name;
        private final String opType;
        private final double avgMs;
        private final int calls;

        public Op(String name, String opType, double avgMs, int calls) {
            this.name = name;
            this.opType = opType;
            this.avgMs = avgMs;
            this.calls = calls;
        }

        public String name() {
            return name;
        }

        public String opType() {
            return opType;
        }

        /** Average time per run in milliseconds. */
        public double avgMs() {
            return avgMs;
        }

        /** Times called per run (1 where the tool does not say). */
        public int calls() {
            return calls;
        }
    }

    private final String tool;
    private final String model;
    private final String backend;
    private final List<Op> ops;
    private final double runMs;
    private final boolean inRunOrder;

    /** {@code inRunOrder}: whether {@code ops} are in execution order (TFLite's Run Order table; MNN sorts by name). */
    public NativeProfile(String tool, String model, String backend, List<Op> ops, double runMs, boolean inRunOrder) {
        this.tool = tool;
        this.model = model;
        this.backend = backend;
        this.ops = Collections.unmodifiableList(new ArrayList<>(ops));
        this.runMs = runMs;
        this.inRunOrder = inRunOrder;
    }

    /**
     * The engine's profile model, so native numbers land in the same tables and charts: one node per op with
     * the tool's average as its only sample (so median, p90 and min are that average, and {@code runs()} is 1),
     * the backend named {@code tool/backend}, no FLOPs, bytes or memory (the tools do not report them per op).
     * The last-run timeline lays the ops end to end in run order; for a tool that does not list ops in run
     * order (MNN) it is left empty.
     */
    public ProfileReport toReport() {
        int n = ops.size();
        List<NodeProfile> nodes = new ArrayList<>();
        long[] starts = new long[n];
        long[] durations = new long[n];
        long at = 0;
        long sum = 0;
        String where = tool + "/" + backend;
        for (int i = 0; i < n; i++) {
            long ns = Math.round(ops.get(i).avgMs() * 1e6);
            nodes.add(NodeProfile.of(ops.get(i).name(), ops.get(i).opType(), i, where, false, new long[] {ns}, 0, 0, 0, ""));
            if (inRunOrder) {
                starts[i] = at;
                durations[i] = ns;
            }
            at += ns;
            sum += ns;
        }
        return ProfileReport.of(model, where, 0, 0, new long[] {Math.round(runMs * 1e6)}, new long[] {sum}, nodes, new long[n],
                starts, durations);
    }

    /** Whether {@link #ops()} are in execution order. */
    public boolean inRunOrder() {
        return inRunOrder;
    }

    /** The tool's name, e.g. {@code benchmark_model} or {@code timeProfile.out}. */
    public String tool() {
        return tool;
    }

    public String model() {
        return model;
    }

    /** The backend or delegate (cpu, opencl, vulkan, gpu, nnapi, ...). */
    public String backend() {
        return backend;
    }

    public List<Op> ops() {
        return ops;
    }

    /** Average whole-run time in ms (the tool's total, else the sum of ops). */
    public double runMs() {
        return runMs;
    }

    /** Total time per op type, largest first. */
    public Map<String, Double> byOpType() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Op o : ops) {
            m.merge(o.opType, o.avgMs, Double::sum);
        }
        List<Map.Entry<String, Double>> es = new ArrayList<>(m.entrySet());
        es.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        Map<String, Double> sorted = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : es) {
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }

    /** The per-node table, in the columns of Ondeck's profile table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s (%s)%n", model, backend, tool));
        sb.append(String.format(Locale.ROOT, "%-40s %-18s %-9s %10s%n", "node", "op", "backend", "median ms"));
        for (Op o : ops) {
            sb.append(String.format(Locale.ROOT, "%-40s %-18s %-9s %10.3f%n", clip(o.name), clip(o.opType), backend, o.avgMs));
        }
        sb.append(String.format(Locale.ROOT, "%nby op type:%n%-18s %10s %7s%n", "op", "ms", "share"));
        for (Map.Entry<String, Double> e : byOpType().entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-18s %10.3f %6.1f%%%n", clip(e.getKey()), e.getValue(), 100 * e.getValue() / Math.max(runMs, 1e-12)));
        }
        sb.append(String.format(Locale.ROOT, "%nwhole run: %.3f ms%n", runMs));
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** JSON with the field names of {@code ProfileReport.toJson()}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"schema\": \"ondeck.profile/1\",\n");
        sb.append("  \"source\": ").append(str(tool)).append(",\n");
        sb.append("  \"model\": ").append(str(model)).append(",\n");
        sb.append("  \"backend\": ").append(str(backend)).append(",\n");
        sb.append("  \"run_ms\": {\"median\": ").append(num(runMs)).append("},\n");
        sb.append("  \"nodes\": [\n");
        for (int i = 0; i < ops.size(); i++) {
            Op o = ops.get(i);
            sb.append("    {\"name\": ").append(str(o.name)).append(", \"op_type\": ").append(str(o.opType))
                    .append(", \"index\": ").append(i).append(", \"backend\": ").append(str(backend))
                    .append(", \"median_ms\": ").append(num(o.avgMs)).append(", \"calls\": ").append(o.calls)
                    .append(i + 1 < ops.size() ? "},\n" : "}\n");
        }
        sb.append("  ],\n  \"op_types\": [\n");
        List<Map.Entry<String, Double>> types = new ArrayList<>(byOpType().entrySet());
        for (int i = 0; i < types.size(); i++) {
            Map.Entry<String, Double> e = types.get(i);
            sb.append("    {\"op_type\": ").append(str(e.getKey())).append(", \"median_ms\": ").append(num(e.getValue()))
                    .append(", \"share\": ").append(num(e.getValue() / Math.max(runMs, 1e-12)))
                    .append(i + 1 < types.size() ? "},\n" : "}\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
