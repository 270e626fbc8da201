package dev.ondeck.engine.ops;

/** Activations: Relu, LeakyRelu, PRelu, Elu, Selu, Celu, Sigmoid, HardSigmoid, HardSwish, Softplus, Softsign, ThresholdedRelu, Mish, Gelu, Shrink, Tanh, Clip. */
public final class ActivationOps {
    private ActivationOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
