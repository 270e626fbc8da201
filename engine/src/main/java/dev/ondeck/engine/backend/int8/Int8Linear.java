package dev.ondeck.engine.backend.int8;

/**
 * What the int8 Conv/Gemm/MatMul kernels share: the activation's quantisation (its dequantised float form is
 * taken back to exact signed bytes by {@link Int8Kernels#quantise}), the int8 weights, the float bias and the
 * QuantizeLinear after the node, and the {@link Requantisation} built from them.
 */
final class Int8Linear {
    final QdqPattern.Activation x;
    final QdqPattern.Weights w;
    final float[] bias;
    final QdqPattern.Activation y;
    final Int8Kernels kernels = Int8Kernels.loaded();

    Int8Linear(QdqPattern.Activation x, QdqPattern.Weights w, float[] bias, QdqPattern.Activation y) {
        this.x = x;
        this.w = w;
        this.bias = bias;
        this.y = y;
    }

    /** Fills {@code out} with the signed bytes of the dequantised activations {@code in}. */
    void quantise(float[] in, int len, byte[] out) {
        kernels.quantise(in, 0, len, x.scale, x.signedZeroPoint(), out, 0);
    }

    /**
     * The epilogue for {@code channels} outputs, whose weights sum to {@code weightSums[channel]}; the bias is
     * either one value for all channels or one each, times {@code beta}.
     */
    Requantisation requantisation(int channels, int[] weightSums, float alpha, float beta) {
        int[] correction = new int[channels];
        float[] multiplier = new float[channels];
        float[] b = new float[channels];
        int zp = x.signedZeroPoint();
        for (int ch = 0; ch < channels; ch++) {
            correction[ch] = zp * weightSums[ch];
            multiplier[ch] = x.scale * w.scale(ch);
            b[ch] = bias == null ? 0f : beta * bias[bias.length == 1 ? 0 : ch];
        }
        return Requantisation.of(correction, multiplier, b, alpha, y);
    }
}
