package dev.ondeck.engine.backend.portable;

/**
 * e^x in float arithmetic for the portable loops, for x &lt;= 0 (a softmax row less its maximum): (e^(x/64))^64,
 * e^y for y in [-1.37, 0] by a degree-7 polynomial (a Chebyshev fit) and six squarings. Plain multiplies, adds
 * and {@code Math.max} only, so a loop of it vectorises (about 0.5 ns an element, where a range reduction
 * building 2^n from exponent bits stays scalar at about 3 ns: HotSpot's SuperWord does not vectorise
 * {@code Float.intBitsToFloat}). The squarings multiply the rounding error by 64: under 1e-5 relative for
 * x &gt; -20 and under 5e-5 down to the clamp at -87.3. No {@code Math.fma} (a library call on older Android)
 * and no double {@link Math#exp}, which costs several times as much per element.
 */
final class FloatExp {
    /** e^LO is about the smallest normal float: no subnormal squarings below it. */
    private static final float LO = -87.33654f;

    private FloatExp() {
    }

    /**
     * e^x for x &lt;= 0, clamped below at -87.3; NaN stays NaN. Branch-free: {@code Math.max} for the clamp (a vector
     * max in a loop, where a comparison would be a conditional move that SuperWord leaves scalar).
     */
    static float expNonPositive(float x) {
        float y = Math.max(x, LO) * (1f / 64);
        float p = 1f + y * (9.9999952316e-01f + y * (4.9999284744e-01f + y * (1.6662393510e-01f + y * (4.1540503502e-02f
                + y * (8.1284306943e-03f + y * (1.1997686233e-03f + y * 1.0175514035e-04f))))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p * p;
    }
}
