package dev.ondeck.engine.ops;

/** Convolution: Conv, ConvTranspose, DeformConv, Col2Im. */
public final class ConvOps {
    private ConvOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
