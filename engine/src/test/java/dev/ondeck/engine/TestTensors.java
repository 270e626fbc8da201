package dev.ondeck.engine;

import java.util.Random;

/** Random float tensors for kernel tests. */
public final class TestTensors {
    private TestTensors() {
    }

    /** A tensor of the given shape, values uniform in [-1, 1) from {@code r}. */
    public static Tensor uniform(Random r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * r.nextFloat() - 1;
        }
        return Tensor.of(v, shape);
    }
}
