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
    /** Shuffles pairing lane i with lane i ^ step, for step = L/2, L/4, ..., 1. */
    private static final VectorShuffle<Float>[] PAIRS = pairs();

    private LaneSum() {
    }

    /** The sum of {@code v}'s lanes, the same in every JIT tier. */
    static float of(FloatVector v) {
        for (VectorShuffle<Float> p : PAIRS) {
            v = v.add(v.rearrange(p));
        }
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] pairs() {
        int steps = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] p = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int step = S.length() >> (k + 1);
            p[k] = VectorShuffle.fromOp(S, i -> i ^ step);
        }
        return p;
    }
}
