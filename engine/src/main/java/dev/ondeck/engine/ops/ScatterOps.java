package dev.ondeck.engine.ops;

/** Scattering and scanning: Scatter, ScatterElements, ScatterND, ReverseSequence, CumSum. */
public final class ScatterOps {
    private ScatterOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
