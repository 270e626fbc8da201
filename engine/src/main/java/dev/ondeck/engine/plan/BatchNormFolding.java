package dev.ondeck.engine.plan;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;

/**
 * Folds an inference-mode BatchNormalization into the convolution before it: with
 * {@code s = scale / sqrt(var + epsilon)}, the convolution's weights for output channel {@code m} are scaled by
 * {@code s[m]} and its bias becomes {@code (bias[m] - mean[m]) * s[m] + beta[m]} (computed in double, stored
 * as float32). Only float32 constants qualify.
 */
final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** True when every tensor is a float32 constant and the BatchNormalization parameters have M elements each. */
    static boolean applies(Tensor weight, Tensor bias, Tensor[] bnParams) {
        if (weight == null || weight.dtype() != DType.FLOAT || weight.rank() < 3) {
            return false;
        }
        long m = weight.shapeView()[0];
        if (bias != null && (bias.dtype() != DType.FLOAT || bias.size() != m)) {
            return false;
        }
        for (Tensor p : bnParams) {
            if (p == null || p.dtype() != DType.FLOAT || p.size() != m) {
                return false;
            }
        }
        return true;
    }

    /**
     * The folded weights and bias.
     *
     * @param bnParams scale, beta, mean, variance, in BatchNormalization's input order
     */
    static Tensor[] fold(Tensor weight, Tensor bias, Tensor[] bnParams, double epsilon) {
        float[] w = weight.floats();
        int m = weight.shapeView()[0];
        int per = w.length / m;
        float[] scale = bnParams[0].floats();
        float[] beta = bnParams[1].floats();
        float[] mean = bnParams[2].floats();
        float[] var = bnParams[3].floats();
        float[] b = bias == null ? null : bias.floats();
        float[] w2 = new float[w.length];
        float[] b2 = new float[m];
        for (int c = 0; c < m; c++) {
            double s = scale[c] / Math.sqrt(var[c] + epsilon);
            for (int i = c * per; i < (c + 1) * per; i++) {
                w2[i] = (float) (w[i] * s);
            }
            b2[c] = (float) (((b == null ? 0.0 : b[c]) - mean[c]) * s + beta[c]);
        }
        return new Tensor[] {Tensor.of(w2, weight.shapeView().clone()), Tensor.of(b2, m)};
    }
}
