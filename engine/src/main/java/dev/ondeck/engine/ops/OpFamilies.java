package dev.ondeck.engine.ops;

/** The op-family files whose {@code registerAll} make up the standard registry. */
final class OpFamilies {
    private OpFamilies() {
    }

    static void registerAll(OpRegistry r) {
        ElementwiseOps.registerAll(r);
        UnaryOps.registerAll(r);
        ActivationOps.registerAll(r);
        CastOps.registerAll(r);
        ShapeOps.registerAll(r);
        IndexingOps.registerAll(r);
        ReduceOps.registerAll(r);
        ArgReduceOps.registerAll(r);
        SoftmaxOps.registerAll(r);
        NormalizationOps.registerAll(r);
        LocalNormOps.registerAll(r);
        LossOps.registerAll(r);
        ConvOps.registerAll(r);
        PoolOps.registerAll(r);
        LinearAlgebraOps.registerAll(r);
        QuantOps.registerAll(r);
        RecurrentOps.registerAll(r);
        ControlFlowOps.registerAll(r);
        SignalOps.registerAll(r);
        ImageOps.registerAll(r);
        TextOps.registerAll(r);
    }
}
