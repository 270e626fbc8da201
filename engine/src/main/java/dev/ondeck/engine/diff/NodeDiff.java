package dev.ondeck.engine.diff;

import dev.ondeck.engine.inspect.TensorComparison;

/** One node's outputs compared across two backends: the worst output's comparison. */
public final class NodeDiff {
    private final String node;
    private final String opType;
    private final int index;
    private final String backendA;
    private final String backendB;
    private final TensorComparison worst;
    private final String problem;
    private final double saturationRate;

    NodeDiff(String node, String opType, int index, String backendA, String backendB, TensorComparison worst, String problem,
             double saturationRate) {
        this.saturationRate = saturationRate;
        this.node = node;
        this.opType = opType;
        this.index = index;
        this.backendA = backendA;
        this.backendB = backendB;
        this.worst = worst;
        this.problem = problem;
    }

    public String node() {
        return node;
    }

    public String opType() {
        return opType;
    }

    /** Position in execution order. */
    public int index() {
        return index;
    }

    /** Backend that ran this node on side A (may be a fallback or {@code folded}). */
    public String backendA() {
        return backendA;
    }

    public String backendB() {
        return backendB;
    }

    /** Comparison of the output with the largest absolute error (null when {@link #problem()} is set). */
    public TensorComparison comparison() {
        return worst;
    }

    /** Max absolute error over the node's outputs; infinite when they cannot be compared. */
    public double maxAbsError() {
        return worst == null ? Double.POSITIVE_INFINITY : worst.maxAbsError();
    }

    /** A shape or dtype mismatch between the sides, or null. */
    /**
     * On side B, the fraction of the node's int8/uint8 output elements at the type's limits (saturated by
     * quantisation); NaN when no output is 8-bit.
     */
    public double saturationRate() {
        return saturationRate;
    }

    public String problem() {
        return problem;
    }
}
