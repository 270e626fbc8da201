package dev.ondeck.engine.ops;

/** Softmax, LogSoftmax, Hardmax. */
public final class SoftmaxOps {
    private SoftmaxOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
