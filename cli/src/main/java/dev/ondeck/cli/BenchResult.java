package dev.ondeck.cli;

import dev.ondeck.engine.report.Json;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The numbers of one {@code ondeck bench}: run times (ns) of ours and ONNX Runtime, memory, machine; as text and JSON. */
final class BenchResult {
    final String model;
    final String backend;
    final int threads;
    final int warmup;
    long[] ours;
    long[] ort;
    String ortVersion;
    String device;
    double[] deviceMs;
    int deviceRuns;
    /** Warm-up runs added after the W asked for until the JIT compiler went quiet ({@link JitSettle}). */
    int settleRuns;
    /** Milliseconds the JIT compilers spent during the timed runs, or -1 where unknown. */
    long jitMillisDuringRuns = -1;
    long peakActivationBytes = -1;
    long arenaBytes = -1;
    int arenaBuffers;
    Map<String, Object> machine;

    BenchResult(String model, String backend, int threads, int warmup) {
        this.model = model;
        this.backend = backend;
        this.threads = threads;
        this.warmup = warmup;
    }

    /** {median, p90, min} in ms of run times in ns. */
    static double[] stats(long[] ns) {
        long[] t = ns.clone();
        Arrays.sort(t);
        int p90 = (int) Math.min(t.length - 1, Math.max(0, Math.ceil(0.9 * t.length) - 1));
        double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2.0;
        return new double[] {median / 1e6, t[p90] / 1e6, t[0] / 1e6};
    }

    double[] oursMs() {
        return deviceMs != null ? deviceMs : stats(ours);
    }

    int runs() {
        return deviceMs != null ? deviceRuns : ours.length;
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s, %s, %d warm-up + %d timed runs%n", model, backend,
                device != null ? "device " + device + " (agent's threads, timed by its profiler)" : threads + " thread" + (threads == 1 ? "" : "s"),
                warmup, runs()));
        if (jitMillisDuringRuns >= 0) {
            sb.append(String.format(Locale.ROOT, "JIT: %d more warm-up runs until the compiler went quiet; %d ms compiling during the timed runs%n",
                    settleRuns, jitMillisDuringRuns));
        }
        sb.append(row(backend, oursMs()));
        if (ort != null) {
            sb.append(row("onnxruntime", stats(ort)));
            sb.append(String.format(Locale.ROOT, "ratio of medians %s / onnxruntime: %.2f (%s)%n", backend, ratio(), ortVersion));
        }
        if (peakActivationBytes >= 0) {
            sb.append(String.format(Locale.ROOT, "activations: peak live %.2f MiB", peakActivationBytes / 1048576.0));
            if (arenaBytes >= 0) {
                sb.append(String.format(Locale.ROOT, ", arena %.2f MiB in %d buffers", arenaBytes / 1048576.0, arenaBuffers));
            }
            sb.append(String.format("%n"));
        }
        sb.append("machine: ").append(MachineInfo.line(machine)).append(String.format("%n"));
        return sb.toString();
    }

    private static String row(String who, double[] s) {
        return String.format(Locale.ROOT, "%-14s median %9.3f ms   p90 %9.3f ms   min %9.3f ms%n", who, s[0], s[1], s[2]);
    }

    double ratio() {
        return oursMs()[0] / stats(ort)[0];
    }

    String json() {
        double[] s = oursMs();
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "model", Json.str(model));
        field(sb, "backend", Json.str(backend));
        field(sb, "threads", Integer.toString(threads));
        field(sb, "warmup", Integer.toString(warmup));
        field(sb, "settle_runs", Integer.toString(settleRuns));
        field(sb, "runs", Integer.toString(runs()));
        field(sb, "jit_ms_during_runs", Long.toString(jitMillisDuringRuns));
        field(sb, "median_ms", Json.num(s[0]));
        field(sb, "p90_ms", Json.num(s[1]));
        field(sb, "min_ms", Json.num(s[2]));
        if (ort != null) {
            double[] o = stats(ort);
            field(sb, "ort_median_ms", Json.num(o[0]));
            field(sb, "ort_p90_ms", Json.num(o[1]));
            field(sb, "ort_min_ms", Json.num(o[2]));
            field(sb, "ratio", Json.num(ratio()));
            field(sb, "ort_version", Json.str(ortVersion));
        }
        if (device != null) {
            field(sb, "device", Json.str(device));
        }
        field(sb, "peak_activation_bytes", Long.toString(peakActivationBytes));
        if (arenaBytes >= 0) {
            field(sb, "arena_bytes", Long.toString(arenaBytes));
            field(sb, "arena_buffers", Integer.toString(arenaBuffers));
        }
        sb.append("  \"machine\": ").append(MachineInfo.json(machine, "  ")).append("\n}\n");
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append("  ").append(Json.str(name)).append(": ").append(value).append(",\n");
    }
}
