package dev.ondeck.engine.ops;

/** Linear algebra: Gemm, MatMul, Einsum, Det. */
public final class LinearAlgebraOps {
    private LinearAlgebraOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
