package dev.ondeck.engine.ops;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code a * b + c} rounded once, as a fused multiply-add does. Matrix products accumulate this way so that
 * their rounding matches FMA hardware (and ONNX Runtime's kernels), which ill-conditioned models need. Uses
 * {@code Math.fma} where the runtime has it (HotSpot: one instruction), found reflectively because Android
 * 8.0 lacks it; elsewhere the product and sum in double, rounded once to float, which is exact for floats.
 */
final class FusedMultiplyAdd {
    private static final MethodHandle MATH_FMA = find();

    private FusedMultiplyAdd() {
    }

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findStatic(Math.class, "fma",
                    MethodType.methodType(float.class, float.class, float.class, float.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static float fma(float a, float b, float c) {
        if (MATH_FMA != null) {
            try {
                return (float) MATH_FMA.invokeExact(a, b, c);
            } catch (Throwable e) {
                throw new IllegalStateException("Math.fma failed", e);
            }
        }
        return (float) ((double) a * b + c);
    }
}
