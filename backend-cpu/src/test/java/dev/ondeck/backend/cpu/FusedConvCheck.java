package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import java.util.Map;
import java.util.Random;

/** Shared checks of a convolution model (input {@code x}, first node the convolution) on {@code cpu} against {@code cpu-ref}. */
final class FusedConvCheck {
    private FusedConvCheck() {
    }

    /**
     * Runs the model twice on {@code cpu} at {@code threads} threads: the convolution is placed on {@code cpu}, the
     * last node is fused into it exactly when {@code fused}, and every output element is within 1e-5 of
     * {@code cpu-ref}'s relative to the output's scale.
     */
    static void agree(Model m, int threads, boolean fused) {
        int[] shape = m.graph().inputs().get(0).type().shape();
        Map<String, Tensor> in = Map.of("x", Tensor.of(random(shape[0] * shape[1] * shape[2] * shape[3], 9), shape));
        try (Session ref = m.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = m.newSession(SessionOptions.builder().backend("cpu").threads(threads).build())) {
            int last = fast.plan().nodeCount() - 1;
            assertEquals("cpu", fast.plan().backendOf(0), "the convolution ran on cpu");
            assertEquals(fused, fast.plan().fusedInto(last) == 0, "the activation is fused into the convolution");
            float[] want = run(ref, in);
            for (int i = 0; i < 2; i++) {
                float[] got = run(fast, in);
                assertEquals(want.length, got.length);
                double scale = 0;
                double err = 0;
                for (int j = 0; j < want.length; j++) {
                    scale = Math.max(scale, Math.abs(want[j]));
                    err = Math.max(err, Math.abs(want[j] - got[j]));
                }
                assertTrue(err <= 1e-5 * scale + 1e-5, "max abs error " + err + " at scale " + scale);
            }
        }
    }

    /** n seeded standard-normal floats. */
    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] run(Session s, Map<String, Tensor> in) {
        try (Result r = s.run(in)) {
            Tensor t = r.get(0);
            assertSame(DType.FLOAT, t.dtype());
            return t.floats().clone();
        }
    }
}
