package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The portable activations against their definitions in double: SiLU's polynomial exp within 1e-5 relative (or
 * 1e-7 absolute near zero), HardSwish exact; the loop over an array equals the per-value form bit for bit.
 */
class EpilogueActivationTest {
    @Test
    void siluMatchesTheDefinition() {
        double worst = 0;
        for (int i = -60_000; i <= 60_000; i++) {
            float x = i * 5e-4f;
            double want = x / (1 + Math.exp(-(double) x));
            float got = Epilogue.activate(Epilogue.Activation.SILU, x);
            double err = Math.abs(got - want);
            assertTrue(err <= 1e-5 * Math.abs(want) + 1e-7, "SiLU(" + x + ") = " + got + ", want " + want);
            worst = Math.max(worst, err / (Math.abs(want) + 1e-30));
        }
        assertTrue(worst > 0, "the approximation is not the reference");
        assertEquals(100f, Epilogue.activate(Epilogue.Activation.SILU, 100f));
        assertEquals(0f, Epilogue.activate(Epilogue.Activation.SILU, -100f), 1e-7f);
        assertEquals(Float.POSITIVE_INFINITY, Epilogue.activate(Epilogue.Activation.SILU, Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(Epilogue.activate(Epilogue.Activation.SILU, Float.NaN)));
    }

    @Test
    void hardSwishMatchesTheDefinition() {
        for (int i = -1000; i <= 1000; i++) {
            float x = i * 0.01f;
            float want = x * Math.min(Math.max(x / 6f + 0.5f, 0f), 1f);
            assertEquals(want, Epilogue.activate(Epilogue.Activation.HARD_SWISH, x), "HardSwish(" + x + ")");
        }
    }

    @Test
    void arrayLoopsEqualTheValueForm() {
        for (Epilogue.Activation a : Epilogue.Activation.values()) {
            float[] c = new float[1003];
            for (int i = 0; i < c.length; i++) {
                c[i] = (i - 500) * 0.037f;
            }
            float[] before = c.clone();
            Epilogue.activate(a, c, 3, 997);
            for (int i = 0; i < c.length; i++) {
                float want = i < 3 || i >= 1000 ? before[i] : Epilogue.activate(a, before[i]);
                assertEquals(want, c[i], a + " at " + i);
            }
        }
    }
}
