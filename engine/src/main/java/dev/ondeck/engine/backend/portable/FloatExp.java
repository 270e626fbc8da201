package dev.ondeck.engine.backend.portable;

/**
 * e^x in float arithmetic for the portable loops: range reduction x = n ln2 + r with |r| <= ln2/2 (ln2 split in
 * two parts), the degree-6 Cephes {@code expf} polynomial on r (in Estrin's scheme: a shorter chain of dependent
 * operations than Horner's), and 2^n from the exponent bits; about 2 ulp,
 * with x clamped to [-87.3, 88] (callers needing overflow to infinity check for it). Plain multiplies and adds,
 * clamps by comparisons (HotSpot's {@code Math.min/max} on floats cost a few instructions each for their
 * NaN and signed-zero rules), no {@code Math.fma} (a library call on older Android) and no double
 * {@link Math#exp}, which costs several times as much per element.
 */
final class FloatExp {
    static final float HI = 88.0f;
    private static final float LO = -87.33654f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding 1.5 * 2^23 rounds to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    private FloatExp() {
    }

    /** e^x for x in [-87.3, 88] (clamped outside; NaN stays NaN). */
    static float exp(float x) {
        float v = x < LO ? LO : x;
        v = v > HI ? HI : v;
        float t = v * LOG2E + ROUNDER;
        float n = t - ROUNDER;
        float r = v - n * LN2_HI;
        r = r - n * LN2_LO;
        float r2 = r * r;
        float p01 = 5.0000001201e-1f + r * 1.6666665459e-1f;
        float p23 = 4.1665795894e-2f + r * 8.3334519073e-3f;
        float p45 = 1.3981999507e-3f + r * 1.9875691500e-4f;
        float p = p01 + r2 * (p23 + r2 * p45);
        float e = p * r2 + (r + 1f);
        return e * Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUNDER_BITS - 127)) << 23);
    }
}
