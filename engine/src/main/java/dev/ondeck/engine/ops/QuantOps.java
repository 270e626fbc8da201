package dev.ondeck.engine.ops;

/** Quantisation: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger. */
public final class QuantOps {
    private QuantOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
