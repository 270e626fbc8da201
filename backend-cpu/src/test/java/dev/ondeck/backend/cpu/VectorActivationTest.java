package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The compare-and-blend clamps of {@link VectorActivation} against {@link Math#max} and {@link Math#min}. */
class VectorActivationTest {
    private static final float[] VALUES = {
        Float.NaN, -0f, 0f, -1f, 1f, 5.999f, 6f, 6.001f, -7f, 1e30f, -1e30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 3.5f,
    };

    @Test
    void clampsAsMathMaxAndMinLaneByLane() {
        float[][] bounds = {{0f, 6f}, {0f, Float.POSITIVE_INFINITY}, {-1f, 2f}, {Float.NEGATIVE_INFINITY, 6f}, {2f, -1f}};
        float[] x = new float[VectorSgemm.L * ((VALUES.length + VectorSgemm.L - 1) / VectorSgemm.L)];
        float[] y = new float[x.length];
        for (float[] b : bounds) {
            for (int shift = 0; shift < VALUES.length; shift++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = VALUES[(i + shift) % VALUES.length];
                }
                for (int i = 0; i < x.length; i += VectorSgemm.L) {
                    VectorActivation.clamp(FloatVector.fromArray(VectorSgemm.S, x, i), b[0], b[1]).intoArray(y, i);
                }
                for (int i = 0; i < x.length; i++) {
                    float want = Math.min(Math.max(x[i], b[0]), b[1]);
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]),
                            "clamp(" + x[i] + ", " + b[0] + ", " + b[1] + ") = " + y[i] + ", Math: " + want);
                }
            }
        }
    }
}
