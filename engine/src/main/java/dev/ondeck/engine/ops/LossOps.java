package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Losses: NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss. */
public final class LossOps {
    private LossOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("NegativeLogLikelihoodLoss", 12, n -> new Loss(n, false));
        r.register("SoftmaxCrossEntropyLoss", 12, n -> new Loss(n, true));
    }

    /**
     * NegativeLogLikelihoodLoss over log-probabilities (N, C, d1..) or, with {@code softmax},
     * SoftmaxCrossEntropyLoss over scores (log-softmax along dim 1 first, optional log_prob output);
     * attributes reduction (none/sum/mean), ignore_index; optional per-class weight input.
     */
    static final class Loss implements Op {
        final boolean softmax;
        final String reduction;
        final boolean hasIgnore;
        final long ignoreIndex;

        Loss(NodeSpec n, boolean softmax) {
            this.softmax = softmax;
            this.reduction = n.getString("reduction", "mean");
            this.hasIgnore = n.has("ignore_index");
            this.ignoreIndex = n.getInt("ignore_index", 0);
            if (!reduction.equals("none") && !reduction.equals("sum") && !reduction.equals("mean")) {
                throw n.invalid("reduction must be none, sum or mean, found " + reduction);
            }
        }

        private String name() {
            return softmax ? "SoftmaxCrossEntropyLoss" : "NegativeLogLikelihoodLoss";
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            NormalizationOps.requireInputs(name(), in, 2);
            NormalizationOps.requireFloating(name(), in[0]);
            int[] s = in[0].shape();
            if (s.length < 2) {
                throw new ShapeException(name() + " needs input of rank >= 2, found " + in[0].shapeString());
            }
            int[] targetShape = new int[s.length - 1];
            targetShape[0] = s[0];
            System.arraycopy(s, 2, targetShape, 1, s.length - 2);
            if (!Arrays.equals(in[1].shape(), targetShape) || !in[1].dtype().isInteger()) {
                throw new ShapeException(name() + " target must be integer of shape " + Arrays.toString(targetShape)
                        + ", found " + in[1]);
            }
            if (in.length > 2 && in[2] != null && !Arrays.equals(in[2].shape(), new int[] {s[1]})) {
                throw new ShapeException(name() + " weight must have shape [" + s[1] + "], found " + in[2].shapeString());
            }
            TensorType[] out = new TensorType[outputCount];
            out[0] = TensorType.of(in[0].dtype(), reduction.equals("none") ? targetShape : new int[0]);
            if (outputCount > 1) {
                out[1] = in[0];
            }
            return out;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int n = x.dim(0);
            int c = x.dim(1);
            int d = n == 0 || c == 0 ? 0 : x.size() / (n * c);
            double[] logp = NormalizationOps.toDoubles(x);
            if (softmax) {
                double[] lp = new double[logp.length];
                SoftmaxOps.apply(SoftmaxOps.Mode.LOG_SOFTMAX, null, logp, null, lp, n, c, d);
                logp = lp;
                if (out.length > 1 && out[1] != null) {
                    for (int i = 0; i < lp.length; i++) {
                        out[1].setDouble(i, lp[i]);
                    }
                }
            }
            double[] weight = in.length > 2 && in[2] != null ? NormalizationOps.toDoubles(in[2]) : null;
            gather(logp, in[1], weight, n, c, d, out[0]);
        }

        /** Weighted negative log-probabilities of the targets, reduced into {@code y}. */
        private void gather(double[] logp, Tensor target, double[] weight, int n, int c, int d, Tensor y) {
            double sum = 0;
            double weightSum = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    long t = target.getLong(i * d + k);
                    double loss = 0;
                    double w = 0;
                    if (!hasIgnore || t != ignoreIndex) {
                        if (t < 0 || t >= c) {
                            throw new ShapeException(name() + " target must be in [0, " + c + ") or ignore_index, found " + t);
                        }
                        w = weight == null ? 1 : weight[(int) t];
                        loss = -logp[(i * c + (int) t) * d + k] * w;
                    }
                    if (reduction.equals("none")) {
                        y.setDouble(i * d + k, loss);
                    }
                    sum += loss;
                    weightSum += w;
                }
            }
            if (reduction.equals("sum")) {
                y.setDouble(0, sum);
            } else if (reduction.equals("mean")) {
                y.setDouble(0, sum / weightSum);
            }
        }
    }
}
