package dev.ondeck.engine.ops;

/** Recurrent layers: LSTM, GRU, RNN. */
public final class RecurrentOps {
    private RecurrentOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
