package dev.ondeck.engine.ops;

/** Normalisation: BatchNormalization, InstanceNormalization, LayerNormalization, GroupNormalization, LRN, MeanVarianceNormalization, LpNormalization. */
public final class NormalizationOps {
    private NormalizationOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
