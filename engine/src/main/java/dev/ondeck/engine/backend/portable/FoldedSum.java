package dev.ondeck.engine.backend.portable;

import java.util.Arrays;

/**
 * The sum of a long run of floats for the portable loops (a global average pool's plane): the run is added,
 * {@value #LANES} floats at a time, into as many double lanes, and the lanes then summed in order. The lanes are a
 * {@code double[]}, which can never be the {@code float[]} read, so SuperWord vectorises the lane loop although it
 * reads and writes at different offsets (a float lane array there stays scalar: the two might be one array), and
 * scalar partial sums are bound by the add latency. Double lanes also round less than float partial sums. Each
 * thread keeps its lanes.
 */
final class FoldedSum {
    /** Lanes: the length of the vectorised loop. */
    static final int LANES = 128;
    /**
     * Runs at least this long are folded (global average pool over 144 planes of 56x56: 78 -> 53 us; 112x112
     * planes 2.2x faster; at 28x28 no faster than four partial sums).
     */
    static final int MIN_LENGTH = 2048;

    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[LANES]);

    private FoldedSum() {
    }

    /** The sum of x[off, off + n), rounded once to float at the end. */
    static float sum(float[] x, int off, int n) {
        double[] lanes = SCRATCH.get();
        Arrays.fill(lanes, 0.0);
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            int b = off + i;
            for (int j = 0; j < LANES; j++) {
                lanes[j] += x[b + j];
            }
        }
        double s = 0.0;
        for (int j = 0; j < LANES; j++) {
            s += lanes[j];
        }
        for (; i < n; i++) {
            s += x[off + i];
        }
        return (float) s;
    }
}
