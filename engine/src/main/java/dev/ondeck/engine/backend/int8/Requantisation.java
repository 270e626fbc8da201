package dev.ondeck.engine.backend.int8;

/**
 * The epilogue of an int8 product, per output channel: the int32 accumulator less its zero-point correction,
 * scaled by {@code x_scale * w_scale[channel]} and alpha, plus the float bias and, when a QuantizeLinear
 * follows, requantised to its grid (round half to even, saturating) so the float written is exactly
 * {@code y_scale * (q - y_zero_point)}. {@link #finish} is the definition every {@link Int8Kernels} follows.
 */
public final class Requantisation {
    /** Subtracted from the accumulator: the activation zero point times the channel's weight sum. */
    public final int[] correction;
    /** {@code x_scale * w_scale[channel]}. */
    public final float[] multiplier;
    /** The bias (already times Gemm's beta), zero where none. */
    public final float[] bias;
    public final float alpha;
    /** Whether the result is requantised (a QuantizeLinear follows). */
    public final boolean requantised;
    public final float outScale;
    /** The lowest and highest {@code q - y_zero_point}. */
    public final float outLow;
    public final float outHigh;

    /**
     * An epilogue over {@code correction.length} channels; {@code outLow}/{@code outHigh} bound
     * {@code q - y_zero_point} (e.g. -128 - zp and 127 - zp for int8); {@code requantised} false leaves the float.
     */
    public Requantisation(int[] correction, float[] multiplier, float[] bias, float alpha, boolean requantised, float outScale,
            int outLow, int outHigh) {
        this.correction = correction;
        this.multiplier = multiplier;
        this.bias = bias;
        this.alpha = alpha;
        this.requantised = requantised;
        this.outScale = outScale;
        this.outLow = outLow;
        this.outHigh = outHigh;
    }

    static Requantisation of(int[] correction, float[] multiplier, float[] bias, float alpha, QdqPattern.Activation y) {
        return y == null ? new Requantisation(correction, multiplier, bias, alpha, false, 1f, 0, 0)
                : new Requantisation(correction, multiplier, bias, alpha, true, y.scale, y.lo - y.zeroPoint, y.hi - y.zeroPoint);
    }

    /** The float result for accumulator {@code acc} of output channel {@code channel}. */
    public float finish(int acc, int channel) {
        float v = alpha * ((acc - correction[channel]) * multiplier[channel]) + bias[channel];
        return requantised ? toGrid(v) : v;
    }

    /** {@code v} requantised: {@code outScale * clamp(rint(v / outScale), outLow, outHigh)}, NaN as 0. */
    public float toGrid(float v) {
        return outScale * ScalarInt8Kernels.rintToInt(Math.max(outLow, Math.min(outHigh, v / outScale)));
    }
}
