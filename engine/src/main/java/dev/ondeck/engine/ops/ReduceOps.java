package dev.ondeck.engine.ops;

/** Reductions: ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare, ArgMax, ArgMin. */
public final class ReduceOps {
    private ReduceOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
