package dev.ondeck.engine.ops;

/** Signal processing: DFT, STFT, HannWindow, HammingWindow, BlackmanWindow, MelWeightMatrix. */
public final class SignalOps {
    private SignalOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
