package dev.ondeck.engine.ops;

/** The op-family files whose {@code registerAll} make up the standard registry. */
final class OpFamilies {
    private OpFamilies() {
    }

    static void registerAll(OpRegistry r) {
        ElementwiseOps.registerAll(r);
        LogicOps.registerAll(r);
        VariadicOps.registerAll(r);
        UnaryOps.registerAll(r);
        ActivationOps.registerAll(r);
        CastOps.registerAll(r);
        ShapeOps.registerAll(r);
        CopyOps.registerAll(r);
        ConstantOps.registerAll(r);
        PadOps.registerAll(r);
        IndexingOps.registerAll(r);
        ScatterOps.registerAll(r);
        SortOps.registerAll(r);
        ReduceOps.registerAll(r);
        ArgReduceOps.registerAll(r);
        SoftmaxOps.registerAll(r);
        NormalizationOps.registerAll(r);
        LocalNormOps.registerAll(r);
        LossOps.registerAll(r);
        ConvOps.registerAll(r);
        ConvTransposeOps.registerAll(r);
        DeformConvOps.registerAll(r);
        PoolOps.registerAll(r);
        RoiOps.registerAll(r);
        LinearAlgebraOps.registerAll(r);
        EinsumOps.registerAll(r);
        QuantOps.registerAll(r);
        QLinearOps.registerAll(r);
        RecurrentOps.registerAll(r);
        GatedRecurrentOps.registerAll(r);
        ControlFlowOps.registerAll(r);
        SignalOps.registerAll(r);
        ImageOps.registerAll(r);
        ResizeOps.registerAll(r);
        GridOps.registerAll(r);
        TextOps.registerAll(r);
    }
}
