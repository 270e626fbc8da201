package dev.ondeck.engine.ops;

/** Pooling: MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, LpPool, GlobalLpPool, MaxUnpool, MaxRoiPool, RoiAlign. */
public final class PoolOps {
    private PoolOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
