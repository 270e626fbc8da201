package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** {@link LaneSum}: one fixed order of additions, before and after the JIT compiles it. */
class LaneSumTest {
    private static final int L = VectorSgemm.S.length();

    /** Lane i plus lane i ^ step, for step = L/2 down to 1, in scalar code: the order LaneSum promises. */
    private static float pairwise(float[] x, int off) {
        float[] v = new float[L];
        System.arraycopy(x, off, v, 0, L);
        for (int step = L / 2; step >= 1; step /= 2) {
            float[] w = new float[L];
            for (int i = 0; i < L; i++) {
                w[i] = v[i] + v[i ^ step];
            }
            v = w;
        }
        return v[0];
    }

    /** A vector loaded from {@code x} and stored into {@link LaneSum#lanes()}, as the kernels do, then summed. */
    private static float sumOf(float[] x, int off) {
        float[] lanes = LaneSum.lanes();
        FloatVector.fromArray(VectorSgemm.S, x, off).intoArray(lanes, 0);
        return LaneSum.of(lanes);
    }

    @Test
    void sumsInTheSameOrderInEveryTier() {
        Random r = new Random(11);
        int count = 4096;
        float[] x = new float[count * L];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 3));
        }
        float[] first = new float[count];
        for (int c = 0; c < count; c++) {
            first[c] = sumOf(x, c * L);
        }
        for (int rep = 0; rep < 30; rep++) {
            for (int c = 0; c < count; c++) {
                float now = sumOf(x, c * L);
                if (Float.floatToIntBits(now) != Float.floatToIntBits(first[c])) {
                    assertEquals(first[c], now, "vector " + c + " summed differently after " + rep + " passes");
                }
            }
        }
        for (int c = 0; c < count; c++) {
            assertEquals(pairwise(x, c * L), first[c], "vector " + c);
        }
    }
}
