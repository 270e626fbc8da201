package dev.ondeck.engine.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Per-node errors of one backend against another, in execution order. */
public final class DiffReport {
    private final String backendA;
    private final String backendB;
    private final List<NodeDiff> nodes;

    DiffReport(String backendA, String backendB, List<NodeDiff> nodes) {
        this.backendA = backendA;
        this.backendB = backendB;
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
    }

    /** The reference side. */
    public String backendA() {
        return backendA;
    }

    public String backendB() {
        return backendB;
    }

    public List<NodeDiff> nodes() {
        return nodes;
    }

    /** The first node (execution order) whose max abs error exceeds {@code tolerance}, or null. */
    public NodeDiff firstDivergent(double tolerance) {
        for (NodeDiff d : nodes) {
            if (d.maxAbsError() > tolerance) {
                return d;
            }
        }
        return null;
    }

    /** The largest max abs error of any node (0 when none). */
    public double maxError() {
        double m = 0;
        for (NodeDiff d : nodes) {
            m = Math.max(m, d.maxAbsError());
        }
        return m;
    }

    /** A text table of every node's error and the first divergent node. */
    public String table(double tolerance) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s vs %s (reference %s), tolerance %.3g%n",
                backendB, backendA, backendA, tolerance));
        sb.append(String.format(Locale.ROOT, "%-5s %-40s %-18s %12s %12s %10s %7s %s%n", "#", "node", "op", "max abs",
                "max rel", "cosine", "sat %", "backends"));
        for (NodeDiff d : nodes) {
            String mark = d.maxAbsError() > tolerance ? " <" : "";
            if (d.problem() != null) {
                sb.append(String.format(Locale.ROOT, "%-5d %-40s %-18s %s%n", d.index(), d.node(), d.opType(), d.problem()));
            } else {
                sb.append(String.format(Locale.ROOT, "%-5d %-40s %-18s %12.4g %12.4g %10.6f %7s %s/%s%s%n", d.index(), d.node(),
                        d.opType(), d.maxAbsError(), d.comparison().maxRelError(), d.comparison().cosineSimilarity(),
                        Double.isNaN(d.saturationRate()) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * d.saturationRate()),
                        d.backendA(), d.backendB(), mark));
            }
        }
        NodeDiff first = firstDivergent(tolerance);
        sb.append(first == null ? "no node exceeds the tolerance\n"
                : "first divergent node: " + first.node() + " (" + first.opType() + "), max abs error "
                + String.format(Locale.ROOT, "%.4g", first.maxAbsError()) + "\n");
        return sb.toString();
    }
}
