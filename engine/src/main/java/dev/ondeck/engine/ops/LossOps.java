package dev.ondeck.engine.ops;

/** Losses: NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss. */
public final class LossOps {
    private LossOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
