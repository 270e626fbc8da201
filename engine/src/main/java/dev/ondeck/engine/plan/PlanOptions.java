package dev.ondeck.engine.plan;

/**
 * How a plan is prepared.
 *
 * <p>{@code foldConstants}: compute nodes whose inputs are all constant once, at prepare time (a debug
 * session turns this off so every node runs and stays inspectable). {@code threads}: intra-op threads for
 * backends that use them (0 = the backend's default).
 */
public final class PlanOptions {
    private final boolean foldConstants;
    private final int threads;

    public PlanOptions(boolean foldConstants) {
        this(foldConstants, 0);
    }

    public PlanOptions(boolean foldConstants, int threads) {
        this.foldConstants = foldConstants;
        this.threads = threads;
    }

    public static PlanOptions defaults() {
        return new PlanOptions(true);
    }

    public boolean foldConstants() {
        return foldConstants;
    }

    /** Intra-op threads (0 = backend default). */
    public int threads() {
        return threads;
    }
}
