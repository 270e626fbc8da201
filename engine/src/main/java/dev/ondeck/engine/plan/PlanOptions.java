package dev.ondeck.engine.plan;

/**
 * How a plan is prepared.
 *
 * @param foldConstants compute nodes whose inputs are all constant once, at prepare time (a debug session
 *        turns this off so every node runs and stays inspectable)
 */
public final class PlanOptions {
    private final boolean foldConstants;

    public PlanOptions(boolean foldConstants) {
        this.foldConstants = foldConstants;
    }

    public static PlanOptions defaults() {
        return new PlanOptions(true);
    }

    public boolean foldConstants() {
        return foldConstants;
    }
}
