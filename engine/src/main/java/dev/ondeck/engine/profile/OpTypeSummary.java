package dev.ondeck.engine.profile;

/** Per-op-type totals of a profile: node count, summed median time, share of the node total, FLOPs. */
public final class OpTypeSummary {
    private final String opType;
    private final int count;
    private final long medianNanos;
    private final double share;
    private final long flops;

    OpTypeSummary(String opType, int count, long medianNanos, double share, long flops) {
        this.opType = opType;
        this.count = count;
        this.medianNanos = medianNanos;
        this.share = share;
        this.flops = flops;
    }

    public String opType() {
        return opType;
    }

    public int count() {
        return count;
    }

    /** Sum of the median times of the nodes of this type, ns. */
    public long medianNanos() {
        return medianNanos;
    }

    /** Fraction (0..1) of the sum of all node medians. */
    public double share() {
        return share;
    }

    public long flops() {
        return flops;
    }
}
