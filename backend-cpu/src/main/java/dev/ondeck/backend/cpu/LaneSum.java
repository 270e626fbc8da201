package dev.ondeck.backend.cpu;

/**
 * The sum of a vector's lanes in one fixed order, whichever way the JVM runs the code.
 *
 * <p>{@code reduceLanes(ADD)} leaves the order open, and HotSpot uses it: C2's intrinsic adds in a tree while the
 * interpreter and C1 add lane after lane, so the same input gave sums one ulp apart depending on whether the kernel
 * had been compiled yet (seen as arena and private-buffer runs of one session disagreeing in their last bit). Here
 * the caller stores its vector into {@link #lanes()} and {@link #of(float[])} adds pairwise in scalar code, exact in
 * every tier. The vector itself is not passed: a vector crossing a call that C2 did not inline is boxed, which
 * measured 123 KB per run for MobileNetV2's GlobalAveragePool in one JVM out of several.
 */
final class LaneSum {
    private static final int L = VectorSgemm.S.length();
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    private LaneSum() {
    }

    /** A per-thread array of L floats, to store a vector into for {@link #of(float[])}. */
    static float[] lanes() {
        return LANES.get();
    }

    /**
     * The sum of {@code lanes[0 .. L)}: lane i plus lane i + step for i below step, for step = L/2 down to 1 (the
     * same as lane i plus lane i ^ step on the whole vector, lane 0 kept); overwrites the lanes.
     */
    static float of(float[] lanes) {
        for (int step = L / 2; step >= 1; step >>= 1) {
            for (int i = 0; i < step; i++) {
                lanes[i] += lanes[i + step];
            }
        }
        return lanes[0];
    }
}
