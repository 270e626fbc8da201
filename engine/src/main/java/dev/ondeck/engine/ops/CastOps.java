package dev.ondeck.engine.ops;

/** Type conversion: Cast, CastLike. */
public final class CastOps {
    private CastOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
