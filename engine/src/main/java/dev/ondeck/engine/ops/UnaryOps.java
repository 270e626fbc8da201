package dev.ondeck.engine.ops;

/** Unary math: Abs, Neg, Exp, Log, Sqrt, Reciprocal, Floor, Ceil, Round, Sign, trig and hyperbolic functions, Erf, IsNaN, IsInf, Not. */
public final class UnaryOps {
    private UnaryOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
