package dev.ondeck.engine.ops;

/** Indexing: Slice, Gather, GatherElements, GatherND, Scatter, ScatterElements, ScatterND, OneHot, NonZero, Compress, ReverseSequence, Unique, TopK, CumSum. */
public final class IndexingOps {
    private IndexingOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
