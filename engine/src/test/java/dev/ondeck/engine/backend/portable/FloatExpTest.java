package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The portable exp against {@link Math#exp} in double: {@link FloatExp#expNonPositive} within 1e-5 relative for
 * x in [-20, 0] and 5e-5 down to its clamp; and the softmax row built on it against its definition, out of place
 * and in place.
 */
class FloatExpTest {
    @Test
    void expNonPositiveMatchesMathExp() {
        double worst = 0;
        for (int i = -87_300; i <= 0; i++) {
            float x = i * 1e-3f;
            double want = Math.exp(x);
            float got = FloatExp.expNonPositive(x);
            double rel = Math.abs(got - want) / want;
            assertTrue(rel <= (x >= -20 ? 1e-5 : 5e-5), "expNonPositive(" + x + ") = " + got + ", want " + want);
            worst = Math.max(worst, rel);
        }
        assertTrue(worst > 0, "the approximation is not the reference");
        assertEquals(1f, FloatExp.expNonPositive(0f), 1e-5f);
        assertTrue(FloatExp.expNonPositive(Float.NEGATIVE_INFINITY) < 2e-38f);
        assertTrue(Float.isNaN(FloatExp.expNonPositive(Float.NaN)));
    }

    @Test
    void softmaxRowMatchesTheDefinition() {
        float[] x = new float[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.7) * 12f;
        }
        float[] y = new float[310];
        FloatLoops.PORTABLE.softmax(x, 0, y, 7, x.length);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(v - max);
        }
        for (int i = 0; i < x.length; i++) {
            double want = Math.exp(x[i] - max) / sum;
            assertEquals(want, y[7 + i], 1e-5 * want + 1e-9, "softmax at " + i);
        }
        float[] inPlace = x.clone();
        FloatLoops.PORTABLE.softmax(inPlace, 0, inPlace, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[7 + i], inPlace[i], "in place at " + i);
        }
    }
}
