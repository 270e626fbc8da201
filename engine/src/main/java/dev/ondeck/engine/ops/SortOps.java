package dev.ondeck.engine.ops;

/** Sorting: Unique, TopK. */
public final class SortOps {
    private SortOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
