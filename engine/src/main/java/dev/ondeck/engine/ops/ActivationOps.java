package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Activations: Relu, LeakyRelu, Elu, Selu, Celu, Sigmoid, HardSigmoid, HardSwish, Softplus, Softsign, ThresholdedRelu, Mish, Gelu, Shrink, Tanh, Clip. */
public final class ActivationOps {
    private ActivationOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Relu", 1, n -> new UnaryOps.Unary(UnaryOps.Function.RELU, x -> Math.max(x, 0.0), x -> Math.max(x, 0), x -> x));
        r.register("Tanh", 1, n -> UnaryOps.Unary.ofFloat(UnaryOps.Function.TANH, Math::tanh));
        r.register("Sigmoid", 1, n -> UnaryOps.Unary.ofFloat(UnaryOps.Function.SIGMOID, ActivationOps::sigmoid));
        r.register("Softsign", 1, n -> UnaryOps.Unary.ofFloat(UnaryOps.Function.SOFTSIGN, x -> x / (1 + Math.abs(x))));
        r.register("Softplus", 1, n -> UnaryOps.Unary.ofFloat(UnaryOps.Function.SOFTPLUS, ActivationOps::softplus));
        r.register("Mish", 18, n -> UnaryOps.Unary.ofFloat(UnaryOps.Function.MISH, x -> x * Math.tanh(softplus(x))));
        r.register("HardSwish", 14, n -> UnaryOps.Unary.ofFloat(UnaryOps.Function.HARD_SWISH, x -> x * Math.max(0, Math.min(1, x / 6 + 0.5))));
        r.register("LeakyRelu", 1, ActivationOps::leakyRelu);
        r.register("Elu", 1, ActivationOps::elu);
        r.register("Selu", 1, ActivationOps::selu);
        r.register("Celu", 12, ActivationOps::celu);
        r.register("HardSigmoid", 1, ActivationOps::hardSigmoid);
        r.register("ThresholdedRelu", 10, ActivationOps::thresholdedRelu);
        r.register("Shrink", 9, ActivationOps::shrink);
        r.register("Gelu", 20, ActivationOps::gelu);
        r.register("Clip", 1, n -> new Clip(n.getFloat("min", Float.NEGATIVE_INFINITY), n.getFloat("max", Float.POSITIVE_INFINITY), false));
        r.register("Clip", 11, n -> new Clip(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true));
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static Op leakyRelu(NodeSpec n) {
        double alpha = n.getFloat("alpha", 0.01f);
        return UnaryOps.Unary.ofFloat(UnaryOps.Function.LEAKY_RELU, x -> x >= 0 ? x : alpha * x, alpha);
    }

    private static Op elu(NodeSpec n) {
        double alpha = n.getFloat("alpha", 1f);
        return UnaryOps.Unary.ofFloat(UnaryOps.Function.ELU, x -> x >= 0 ? x : alpha * Math.expm1(x));
    }

    private static Op selu(NodeSpec n) {
        double alpha = n.getFloat("alpha", 1.67326319217681884765625f);
        double gamma = n.getFloat("gamma", 1.05070102214813232421875f);
        return UnaryOps.Unary.ofFloat(UnaryOps.Function.SELU, x -> x > 0 ? gamma * x : gamma * alpha * Math.expm1(x));
    }

    private static Op celu(NodeSpec n) {
        double alpha = n.getFloat("alpha", 1f);
        return UnaryOps.Unary.ofFloat(UnaryOps.Function.CELU, x -> Math.max(0, x) + Math.min(0, alpha * Math.expm1(x / alpha)));
    }

    private static Op hardSigmoid(NodeSpec n) {
        double alpha = n.getFloat("alpha", 0.2f);
        double beta = n.getFloat("beta", 0.5f);
        return UnaryOps.Unary.ofFloat(UnaryOps.Function.HARD_SIGMOID, x -> Math.max(0, Math.min(1, alpha * x + beta)), alpha, beta);
    }

    private static Op thresholdedRelu(NodeSpec n) {
        double alpha = n.getFloat("alpha", 1f);
        return UnaryOps.Unary.ofFloat(UnaryOps.Function.THRESHOLDED_RELU, x -> x > alpha ? x : 0);
    }

    private static Op shrink(NodeSpec n) {
        double bias = n.getFloat("bias", 0f);
        double lambd = n.getFloat("lambd", 0.5f);
        return UnaryOps.Unary.ofFloat(UnaryOps.Function.SHRINK, x -> x < -lambd ? x + bias : x > lambd ? x - bias : 0);
    }

    private static Op gelu(NodeSpec n) {
        String approximate = n.getString("approximate", "none");
        if (approximate.equals("none")) {
            return UnaryOps.Unary.ofFloat(UnaryOps.Function.GELU, x -> 0.5 * x * (1 + UnaryOps.erf(x / Math.sqrt(2))));
        }
        if (approximate.equals("tanh")) {
            double c = Math.sqrt(2 / Math.PI);
            return UnaryOps.Unary.ofFloat(UnaryOps.Function.GELU, x -> 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x * x * x))));
        }
        throw n.invalid("Gelu approximate must be 'none' or 'tanh', found '" + approximate + "'");
    }

    /**
     * Clip: {@code min(max(x, lo), hi)}; bounds from the min/max attributes before opset 11, from the optional
     * scalar inputs 1 and 2 since (any numeric type; uint64 compares unsigned). Unset bounds do not clip.
     */
    public static final class Clip implements Op {
        final double attrMin;
        final double attrMax;
        final boolean fromInputs;

        Clip(double attrMin, double attrMax, boolean fromInputs) {
            this.attrMin = attrMin;
            this.attrMax = attrMax;
            this.fromInputs = fromInputs;
        }

        /** The lower bound from the attribute (before opset 11; -infinity when unset or from inputs). */
        public double attrMin() {
            return attrMin;
        }

        public double attrMax() {
            return attrMax;
        }

        /** Since opset 11 the bounds are the optional inputs 1 and 2. */
        public boolean fromInputs() {
            return fromInputs;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            DType t = in[0].dtype();
            if (t == DType.BOOL || (!fromInputs && !t.isFloating())) {
                throw new ShapeException("Clip does not accept " + t + " input");
            }
            for (int k = 1; k < in.length; k++) {
                if (in[k] != null && (in[k].dtype() != t || in[k].elementCount() != 1)) {
                    throw new ShapeException("Clip bound " + k + " must be a scalar of " + t + ", found " + in[k]);
                }
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor lo = in.length > 1 ? in[1] : null;
            Tensor hi = in.length > 2 ? in[2] : null;
            Tensor x = in[0];
            Tensor y = out[0];
            if (x.dtype().isFloating()) {
                clipFloating(x, y, lo == null ? attrMin : lo.getDouble(0), hi == null ? attrMax : hi.getDouble(0));
                return;
            }
            long flip = x.dtype() == DType.UINT64 ? Long.MIN_VALUE : 0;
            long l = lo == null ? Long.MIN_VALUE : lo.getLong(0) ^ flip;
            long h = hi == null ? Long.MAX_VALUE : hi.getLong(0) ^ flip;
            for (int i = 0; i < y.size(); i++) {
                long v = x.getLong(i) ^ flip;
                y.setLong(i, Math.min(Math.max(v, l), h) ^ flip);
            }
        }

        private static void clipFloating(Tensor x, Tensor y, double lo, double hi) {
            int n = y.size();
            if (x.dtype() == DType.FLOAT) {
                float[] xv = x.floats();
                float[] yv = y.floats();
                float l = (float) lo;
                float h = (float) hi;
                for (int i = 0; i < n; i++) {
                    yv[i] = Math.min(Math.max(xv[i], l), h);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    y.setDouble(i, Math.min(Math.max(x.getDouble(i), lo), hi));
                }
            }
        }
    }
}
