package dev.ondeck.cli;

import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hook that times every node with {@link System#nanoTime()} and sums by op type. Nodes of subgraphs are
 * timed too, so a control-flow node's time includes its body's nodes.
 */
final class OpTimes implements NodeHook {
    private final Deque<Long> started = new ArrayDeque<>();
    private final Map<String, long[]> byOp = new LinkedHashMap<>();

    @Override
    public void beforeNode(Execution exec, int n) {
        started.push(System.nanoTime());
    }

    @Override
    public void afterNode(Execution exec, int n) {
        long elapsed = System.nanoTime() - started.pop();
        long[] acc = byOp.computeIfAbsent(exec.plan().node(n).opType(), k -> new long[2]);
        acc[0] += elapsed;
        acc[1]++;
    }

    long totalNanos() {
        long t = 0;
        for (long[] a : byOp.values()) {
            t += a[0];
        }
        return t;
    }

    /** A table of op types by time: nodes run, total ms, share, ms per run. */
    void print(PrintWriter out, int runs) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byOp.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        double total = Math.max(1, totalNanos());
        out.printf("  %-22s %7s %10s %7s%n", "op type", "calls", "ms/run", "share");
        for (Map.Entry<String, long[]> e : rows) {
            long[] a = e.getValue();
            out.printf(Locale.ROOT, "  %-22s %7d %10.2f %6.1f%%%n", e.getKey(), a[1] / runs, a[0] / 1e6 / runs,
                    100 * a[0] / total);
        }
        out.printf(Locale.ROOT, "  %-22s %7s %10.2f%n", "total", "", totalNanos() / 1e6 / runs);
    }
}
