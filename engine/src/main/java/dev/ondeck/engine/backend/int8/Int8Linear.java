package dev.ondeck.engine.backend.int8;

/**
 * The integer arithmetic shared by the int8 kernels: activations recovered as exact integers from their
 * dequantised float form, int32 accumulation, and the epilogue that scales the accumulator by
 * {@code x_scale * w_scale[channel]}, adds the float bias and, when a QuantizeLinear follows, requantises to
 * the output's grid (round half to even, saturating) so the float value it writes is exactly
 * {@code y_scale * (q - y_zero_point)}.
 */
final class Int8Linear {
    final QdqPattern.Activation x;
    final QdqPattern.Weights w;
    final float[] bias;
    final QdqPattern.Activation y;
    /** Counts outputs clamped to the output range by requantisation (saturation), for tests and reports. */
    long saturated;

    Int8Linear(QdqPattern.Activation x, QdqPattern.Weights w, float[] bias, QdqPattern.Activation y) {
        this.x = x;
        this.w = w;
        this.bias = bias;
        this.y = y;
    }

    /** The centred integer (q - zero point) of a dequantised activation, exact for values on x's grid. */
    int centred(float v) {
        return (int) Math.rint(v / x.scale);
    }

    /** Fills {@code out} with the centred integers of {@code in}. */
    void centre(float[] in, int[] out) {
        for (int i = 0; i < in.length; i++) {
            out[i] = (int) Math.rint(in[i] / x.scale);
        }
    }

    /** The float result for accumulator {@code acc} of output channel {@code channel}, requantised when a QuantizeLinear follows. */
    float finish(int acc, int channel, float alpha, float biasValue) {
        float v = alpha * (acc * (x.scale * w.scale(channel))) + biasValue;
        if (y == null) {
            return v;
        }
        int q = (int) Math.rint(v / y.scale) + y.zeroPoint;
        if (q < y.lo || q > y.hi) {
            saturated++;
            q = Math.max(y.lo, Math.min(y.hi, q));
        }
        return y.scale * (q - y.zeroPoint);
    }
}
