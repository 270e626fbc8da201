package dev.ondeck.engine.profile;

import dev.ondeck.engine.report.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of profiling a model: every node of the main graph (folded ones too), whole-run times, the
 * activation memory timeline and per-op-type totals. Exports to the JSON schema in docs/profile-schema.md
 * and to Chrome-trace JSON (opens in Perfetto).
 */
public final class ProfileReport {
    /** Identifies the JSON export format. */
    public static final String SCHEMA = "ondeck.profile/1";
    private final String model;
    private final String backend;
    private final int threads;
    private final int warmup;
    private final long[] runTimes;
    private final long[] nodeSums;
    private final List<NodeProfile> nodes;
    private final long[] liveBytesAfter;
    private final long[] traceStart;
    private final long[] traceDuration;
    private double[] deviceShares = new double[0];
    private Map<String, Double> backendCounters = Collections.emptyMap();
    private String timingNote;

    ProfileReport(String model, String backend, int threads, int warmup, long[] runTimes, long[] nodeSums, List<NodeProfile> nodes,
                  long[] liveBytesAfter, long[] traceStart, long[] traceDuration) {
        this.model = model;
        this.backend = backend;
        this.threads = threads;
        this.warmup = warmup;
        this.runTimes = runTimes.clone();
        Arrays.sort(this.runTimes);
        this.nodeSums = nodeSums.clone();
        Arrays.sort(this.nodeSums);
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
        this.liveBytesAfter = liveBytesAfter.clone();
        this.traceStart = traceStart.clone();
        this.traceDuration = traceDuration.clone();
    }

    /**
     * A report from measurements taken elsewhere (on a device, or by a native tool), arrays as the accessors of
     * the same names return them: whole-run times, per-run sums of node times, live bytes after each node and
     * the last run's per-node start offsets and durations (all ns; the per-node arrays as long as {@code nodes}).
     */
    public static ProfileReport of(String model, String backend, int threads, int warmup, long[] runTimes, long[] nodeTimeSums,
                                   List<NodeProfile> nodes, long[] memoryTimeline, long[] traceStarts, long[] traceDurations) {
        int n = nodes.size();
        if (memoryTimeline.length != n || traceStarts.length != n || traceDurations.length != n) {
            throw new IllegalArgumentException("per-node arrays must have one entry per node (" + n + "), found memory "
                    + memoryTimeline.length + ", trace starts " + traceStarts.length + ", trace durations " + traceDurations.length);
        }
        return new ProfileReport(model, backend, threads, warmup, runTimes, nodeTimeSums, nodes, memoryTimeline, traceStarts,
                traceDurations);
    }

    /** Per-run shares of the run time that device kernels and transfers account for (sorted). */
    ProfileReport withDeviceShares(double[] shares) {
        deviceShares = shares.clone();
        Arrays.sort(deviceShares);
        return this;
    }

    /** The backend's counters per timed run ({@link dev.ondeck.engine.backend.Backend#counters()}) and its timing note. */
    ProfileReport withBackendNotes(Map<String, Double> countersPerRun, String note) {
        backendCounters = Collections.unmodifiableMap(new LinkedHashMap<>(countersPerRun));
        timingNote = note;
        return this;
    }

    /**
     * How much each of the backend's counters grew per timed run (mean over the runs), e.g. {@code npu-emu}'s
     * {@code npu_hand_offs}; empty when the backend counts nothing.
     */
    public Map<String, Double> backendCountersPerRun() {
        return backendCounters;
    }

    /** What the backend says its times are (e.g. this machine's CPU times for {@code npu-emu}), or null. */
    public String timingNote() {
        return timingNote;
    }

    /**
     * Median over runs of (sum of the nodes' device kernel and transfer times) / (whole-run time), each run
     * against itself; 0 when no node was device-timed.
     */
    public double deviceShareMedian() {
        return deviceShares.length == 0 ? 0 : deviceShares[(deviceShares.length - 1) / 2];
    }

    public String model() {
        return model;
    }

    public String backend() {
        return backend;
    }

    public int threads() {
        return threads;
    }

    public int warmup() {
        return warmup;
    }

    public int runs() {
        return runTimes.length;
    }

    /** Nodes in execution order. */
    public List<NodeProfile> nodes() {
        return nodes;
    }

    /** The node of that name, or null. */
    public NodeProfile node(String name) {
        for (NodeProfile n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** Whole-run wall times of the timed runs, ns, sorted. */
    public long[] runTimes() {
        return runTimes.clone();
    }

    /** Per-run sums of node times, ns, sorted. */
    public long[] nodeTimeSums() {
        return nodeSums.clone();
    }

    /** Start of each node in the last run, ns from the run's start (0 for folded nodes). */
    public long[] traceStarts() {
        return traceStart.clone();
    }

    /** Duration of each node in the last run, ns. */
    public long[] traceDurations() {
        return traceDuration.clone();
    }

    /** Median whole-run wall time, ns (with the profiling hook attached). */
    public long runMedianNanos() {
        return runTimes.length == 0 ? 0 : runTimes[(runTimes.length - 1) / 2];
    }

    public long runP90Nanos() {
        return runTimes.length == 0 ? 0 : runTimes[Math.max(0, (int) Math.ceil(0.9 * runTimes.length) - 1)];
    }

    public long runMinNanos() {
        return runTimes.length == 0 ? 0 : runTimes[0];
    }

    /**
     * Median over runs of the sum of all node times within a run, ns: what the whole-run time is made of,
     * compared run by run (unlike {@link #sumOfNodeMedians()}, it keeps each run's pauses).
     */
    public long nodeTimeSumMedianNanos() {
        return nodeSums.length == 0 ? 0 : nodeSums[(nodeSums.length - 1) / 2];
    }

    /** Sum of the nodes' median times, ns. */
    public long sumOfNodeMedians() {
        long s = 0;
        for (NodeProfile n : nodes) {
            s += n.medianNanos();
        }
        return s;
    }

    /** Live activation bytes after each node (by lifetime: freed after last use). */
    public long[] memoryTimeline() {
        return liveBytesAfter.clone();
    }

    /** Largest live activation bytes at any point. */
    public long peakActivationBytes() {
        long p = 0;
        for (long b : liveBytesAfter) {
            p = Math.max(p, b);
        }
        return p;
    }

    public long totalFlops() {
        long f = 0;
        for (NodeProfile n : nodes) {
            f += n.flops();
        }
        return f;
    }

    /** Totals by op type, most time first. */
    public List<OpTypeSummary> byOpType() {
        Map<String, long[]> acc = new LinkedHashMap<>();
        for (NodeProfile n : nodes) {
            long[] a = acc.computeIfAbsent(n.opType(), k -> new long[3]);
            a[0]++;
            a[1] += n.medianNanos();
            a[2] += n.flops();
        }
        double total = Math.max(1, sumOfNodeMedians());
        List<OpTypeSummary> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : acc.entrySet()) {
            long[] a = e.getValue();
            out.add(new OpTypeSummary(e.getKey(), (int) a[0], a[1], a[1] / total, a[2]));
        }
        out.sort(Comparator.comparingLong(OpTypeSummary::medianNanos).reversed());
        return out;
    }

    /** The nodes with the largest median times. */
    public List<NodeProfile> slowest(int n) {
        List<NodeProfile> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingLong(NodeProfile::medianNanos).reversed());
        return sorted.subList(0, Math.min(n, sorted.size()));
    }

    /** Widest backend label the text table shows whole (e.g. {@code cpu-ref (fused into conv)}, {@code npu-emu:npu-int8@cpu}). */
    private static final int BACKEND_COLUMN_MAX = 48;

    /** A text report: top nodes by time, the op-type breakdown, total vs sum of nodes; backend labels shown whole up to 48 characters. */
    public String table(int top) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s, %d runs after %d warm-up%n", model, backend, runs(), warmup));
        if (timingNote != null) {
            sb.append(timingNote).append(String.format("%n"));
        }
        List<NodeProfile> shown = slowest(top);
        int width = "backend".length();
        for (NodeProfile n : shown) {
            width = Math.max(width, Math.min(BACKEND_COLUMN_MAX, n.backend().length()));
        }
        String backendColumn = "%-" + width + "s";
        sb.append(String.format(Locale.ROOT, "%-40s %-18s " + backendColumn + " %10s %10s %9s %8s%n", "node", "op", "backend",
                "median ms", "p90 ms", "MFLOP", "GFLOP/s"));
        for (NodeProfile n : shown) {
            sb.append(String.format(Locale.ROOT, "%-40s %-18s " + backendColumn + " %10.3f %10.3f %9.2f %8.2f%n",
                    clip(n.name(), 40), clip(n.opType(), 18), clip(n.backend(), width), n.medianNanos() / 1e6, n.p90Nanos() / 1e6,
                    n.flops() / 1e6, n.gflopsPerSecond()));
        }
        appendDeviceSplit(sb);
        if (!backendCounters.isEmpty()) {
            sb.append("per run:");
            backendCounters.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %s", k,
                    v == Math.rint(v) ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.2f", v))));
            sb.append(String.format("%n"));
        }
        sb.append(String.format(Locale.ROOT, "%nby op type:%n%-18s %6s %10s %7s %10s%n", "op", "count", "ms", "share", "MFLOP"));
        for (OpTypeSummary s : byOpType()) {
            sb.append(String.format(Locale.ROOT, "%-18s %6d %10.3f %6.1f%% %10.2f%n", clip(s.opType(), 18), s.count(),
                    s.medianNanos() / 1e6, 100 * s.share(), s.flops() / 1e6));
        }
        sb.append(String.format(Locale.ROOT, "%nwhole run: median %.3f ms, p90 %.3f ms, min %.3f ms; sum of nodes %.3f ms"
                + " (%.1f%% of the run); peak activations %.2f MiB; %.3f GFLOP%n", runMedianNanos() / 1e6,
                runP90Nanos() / 1e6, runMinNanos() / 1e6, nodeTimeSumMedianNanos() / 1e6,
                100.0 * nodeTimeSumMedianNanos() / Math.max(1, runMedianNanos()), peakActivationBytes() / 1048576.0,
                totalFlops() / 1e9));
        return sb.toString();
    }

    /** Sums of device kernel, transfer and host-overhead medians, when a device backend timed its nodes. */
    private void appendDeviceSplit(StringBuilder sb) {
        long kernel = 0;
        long transfer = 0;
        long host = 0;
        boolean any = false;
        for (NodeProfile n : nodes) {
            any |= n.deviceTimed();
            kernel += n.kernelMedianNanos();
            transfer += n.transferMedianNanos();
            host += n.folded() ? 0 : n.hostOverheadMedianNanos();
        }
        if (any) {
            sb.append(String.format(Locale.ROOT, "device split (sum of node medians): kernels %.3f ms, transfers %.3f ms,"
                    + " host overhead %.3f ms; kernels + transfers are %.1f%% of the run (median over runs)%n",
                    kernel / 1e6, transfer / 1e6, host / 1e6, 100 * deviceShareMedian()));
        }
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    /** The profile as JSON (schema {@value #SCHEMA}, documented in docs/profile-schema.md). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"schema\": ").append(Json.str(SCHEMA)).append(",\n");
        sb.append("  \"model\": ").append(Json.str(model)).append(",\n");
        sb.append("  \"backend\": ").append(Json.str(backend)).append(",\n");
        sb.append("  \"threads\": ").append(threads).append(",\n");
        sb.append("  \"warmup\": ").append(warmup).append(",\n");
        sb.append("  \"runs\": ").append(runs()).append(",\n");
        sb.append("  \"run_ms\": {\"median\": ").append(Json.num(runMedianNanos() / 1e6)).append(", \"p90\": ")
                .append(Json.num(runP90Nanos() / 1e6)).append(", \"min\": ").append(Json.num(runMinNanos() / 1e6)).append("},\n");
        sb.append("  \"sum_of_nodes_ms\": ").append(Json.num(nodeTimeSumMedianNanos() / 1e6)).append(",\n");
        sb.append("  \"sum_of_node_medians_ms\": ").append(Json.num(sumOfNodeMedians() / 1e6)).append(",\n");
        sb.append("  \"total_flops\": ").append(totalFlops()).append(",\n");
        sb.append("  \"peak_activation_bytes\": ").append(peakActivationBytes()).append(",\n");
        sb.append("  \"timing_note\": ").append(timingNote == null ? "null" : Json.str(timingNote)).append(",\n");
        sb.append("  \"backend_counters_per_run\": {");
        int c = 0;
        for (Map.Entry<String, Double> e : backendCounters.entrySet()) {
            sb.append(c++ > 0 ? ", " : "").append(Json.str(e.getKey())).append(": ").append(Json.num(e.getValue()));
        }
        sb.append("},\n");
        sb.append("  \"nodes\": [\n");
        for (int i = 0; i < nodes.size(); i++) {
            NodeProfile n = nodes.get(i);
            sb.append("    {\"name\": ").append(Json.str(n.name()))
                    .append(", \"op_type\": ").append(Json.str(n.opType()))
                    .append(", \"index\": ").append(n.index())
                    .append(", \"backend\": ").append(Json.str(n.backend()))
                    .append(", \"folded\": ").append(n.folded())
                    .append(", \"median_ms\": ").append(Json.num(n.medianNanos() / 1e6))
                    .append(", \"p90_ms\": ").append(Json.num(n.p90Nanos() / 1e6))
                    .append(", \"min_ms\": ").append(Json.num(n.minNanos() / 1e6))
                    .append(", \"flops\": ").append(n.flops())
                    .append(", \"bytes_in\": ").append(n.inputBytes())
                    .append(", \"bytes_out\": ").append(n.outputBytes())
                    .append(", \"gflops_per_s\": ").append(Json.num(n.gflopsPerSecond()))
                    .append(n.deviceTimed() ? ", \"kernel_ms\": " + Json.num(n.kernelMedianNanos() / 1e6)
                            + ", \"transfer_ms\": " + Json.num(n.transferMedianNanos() / 1e6)
                            + ", \"host_overhead_ms\": " + Json.num(n.hostOverheadMedianNanos() / 1e6) : "")
                    .append(", \"output_shapes\": ").append(Json.str(n.outputShapes()))
                    .append(", \"live_bytes_after\": ").append(liveBytesAfter[i])
                    .append(i + 1 < nodes.size() ? "},\n" : "}\n");
        }
        sb.append("  ],\n  \"op_types\": [\n");
        List<OpTypeSummary> types = byOpType();
        for (int i = 0; i < types.size(); i++) {
            OpTypeSummary s = types.get(i);
            sb.append("    {\"op_type\": ").append(Json.str(s.opType()))
                    .append(", \"count\": ").append(s.count())
                    .append(", \"median_ms\": ").append(Json.num(s.medianNanos() / 1e6))
                    .append(", \"share\": ").append(Json.num(s.share()))
                    .append(", \"flops\": ").append(s.flops())
                    .append(i + 1 < types.size() ? "},\n" : "}\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    /** The last profiled run as Chrome trace events (Perfetto and chrome://tracing open it). */
    public String toChromeTrace() {
        StringBuilder sb = new StringBuilder("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n");
        sb.append("  {\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 1, \"args\": {\"name\": ")
                .append(Json.str(model + " on " + backend)).append("}}");
        for (int i = 0; i < nodes.size(); i++) {
            NodeProfile n = nodes.get(i);
            if (n.folded()) {
                continue;
            }
            sb.append(",\n  {\"name\": ").append(Json.str(n.name()))
                    .append(", \"cat\": ").append(Json.str(n.opType()))
                    .append(", \"ph\": \"X\", \"pid\": 1, \"tid\": 1")
                    .append(", \"ts\": ").append(Json.num(traceStart[i] / 1e3))
                    .append(", \"dur\": ").append(Json.num(traceDuration[i] / 1e3))
                    .append(", \"args\": {\"op_type\": ").append(Json.str(n.opType()))
                    .append(", \"backend\": ").append(Json.str(n.backend()))
                    .append(", \"flops\": ").append(n.flops())
                    .append(", \"output_shapes\": ").append(Json.str(n.outputShapes())).append("}}");
        }
        return sb.append("\n]}\n").toString();
    }
}
