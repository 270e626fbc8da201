package dev.ondeck.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, whichever way the JVM runs the code.
 *
 * <p>{@code reduceLanes(ADD)} leaves the order open, and HotSpot uses it: C2's intrinsic adds in a tree while the
 * interpreter and C1 add lane after lane, so the same input gave sums one ulp apart depending on whether the kernel
 * had been compiled yet (seen as arena and private-buffer runs of one session disagreeing in their last bit). Here
 * every step is a lane-wise add of the vector and a fixed permutation of itself (lane i and lane i ^ step), exact in
 * every tier.
 */
final class LaneSum {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    // Shuffles pairing lane i with lane i ^ step; null where the species has no such step. Constants, one per step,
    // so that C2 intrinsifies each rearrange (a shuffle read from an array may leave the vectors boxed).
    private static final VectorShuffle<Float> P32 = pairs(32);
    private static final VectorShuffle<Float> P16 = pairs(16);
    private static final VectorShuffle<Float> P8 = pairs(8);
    private static final VectorShuffle<Float> P4 = pairs(4);
    private static final VectorShuffle<Float> P2 = pairs(2);
    private static final VectorShuffle<Float> P1 = pairs(1);
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    private LaneSum() {
    }

    /** The sum of {@code v}'s lanes (at most 64), the same in every JIT tier. */
    static float of(FloatVector v) {
        if (L > 32) {
            v = v.add(v.rearrange(P32));
        }
        if (L > 16) {
            v = v.add(v.rearrange(P16));
        }
        if (L > 8) {
            v = v.add(v.rearrange(P8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(P4));
        }
        if (L > 2) {
            v = v.add(v.rearrange(P2));
        }
        if (L > 1) {
            v = v.add(v.rearrange(P1));
        }
        return v.lane(0);
    }

    /** A per-thread array of L floats, to store a vector into for {@link #of(float[])}. */
    static float[] lanes() {
        return LANES.get();
    }

    /**
     * The sum of {@code lanes[0 .. L)} (a vector stored there) in the order of {@link #of(FloatVector)}, bit for bit:
     * lane i plus lane i + step for step = L/2 down to 1 (lane i ^ step, for i below step); overwrites the lanes.
     * Callers store their vector and call this rather than pass the vector: a vector crossing a call that C2 did not
     * inline is boxed, which measured 123 KB per run for MobileNetV2's GlobalAveragePool in one JVM out of several.
     */
    static float of(float[] lanes) {
        for (int step = L / 2; step >= 1; step >>= 1) {
            for (int i = 0; i < step; i++) {
                lanes[i] += lanes[i + step];
            }
        }
        return lanes[0];
    }

    private static VectorShuffle<Float> pairs(int step) {
        return step < L ? VectorShuffle.fromOp(S, i -> i ^ step) : null;
    }
}
