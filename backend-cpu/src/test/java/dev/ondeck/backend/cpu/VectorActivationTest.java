package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.backend.portable.Epilogue;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The compare-and-blend clamps of the GEMM epilogue ({@link VectorSgemm#finishPart}) against {@link Math#max} and {@link Math#min}; sigmoid
 * and SiLU against double precision over [-100, 100] (relative error, below 1e-20 absolute) and at the infinities.
 */
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
        float[] acc = new float[VectorSgemm.NR];
        for (float[] b : bounds) {
            for (int shift = 0; shift < VALUES.length; shift++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = VALUES[(i + shift) % VALUES.length];
                }
                Epilogue clamp = new Epilogue(null, null, b[0], b[1]);
                for (int i = 0; i < x.length; i += VectorSgemm.L) {
                    System.arraycopy(x, i, acc, 0, VectorSgemm.L);
                    VectorSgemm.finishPart(acc, 1, VectorSgemm.L, y, i, 0, clamp, 0, 0, true, true);
                }
                for (int i = 0; i < x.length; i++) {
                    float want = Math.min(Math.max(x[i], b[0]), b[1]);
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]),
                            "clamp(" + x[i] + ", " + b[0] + ", " + b[1] + ") = " + y[i] + ", Math: " + want);
                }
            }
        }
    }

    @Test
    void sigmoidAndSiluAreWithinAFewUlpOfDoublePrecision() {
        int l = VectorSgemm.L;
        float[] x = new float[l];
        float[] sig = new float[l];
        float[] silu = new float[l];
        double worstSig = 0;
        double worstSilu = 0;
        for (float start = -100f; start < 100f; start += 0.0007f * l) {
            for (int i = 0; i < l; i++) {
                x[i] = start + 0.0007f * i;
            }
            FloatVector v = FloatVector.fromArray(VectorSgemm.S, x, 0);
            VectorActivation.sigmoid(v).intoArray(sig, 0);
            VectorActivation.silu(v).intoArray(silu, 0);
            for (int i = 0; i < l; i++) {
                double s = 1 / (1 + Math.exp(-(double) x[i]));
                worstSig = Math.max(worstSig, Math.abs(sig[i] - s) / Math.max(s, 1e-20));
                double want = x[i] * s;
                worstSilu = Math.max(worstSilu, Math.abs(silu[i] - want) / Math.max(Math.abs(want), 1e-20));
            }
        }
        assertTrue(worstSig < 1e-6, "sigmoid relative error " + worstSig);
        assertTrue(worstSilu < 1e-6, "silu relative error " + worstSilu);
        java.util.Arrays.fill(x, Float.POSITIVE_INFINITY);
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = Float.NaN;
        VectorActivation.sigmoid(FloatVector.fromArray(VectorSgemm.S, x, 0)).intoArray(sig, 0);
        assertEquals(1f, sig[0]);
        assertTrue(sig[1] >= 0f && sig[1] < 1e-30f, "sigmoid(-inf) = " + sig[1]);
        assertTrue(Float.isNaN(sig[2]), "sigmoid(NaN) = " + sig[2]);
    }
}
