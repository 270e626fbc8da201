package dev.ondeck.engine.ops;

/** Control flow with subgraphs: If, Loop, Scan. */
public final class ControlFlowOps {
    private ControlFlowOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
