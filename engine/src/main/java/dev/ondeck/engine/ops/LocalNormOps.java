package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Normalizations along chosen axes or a window: LRN (across channels), LpNormalization, MeanVarianceNormalization. */
public final class LocalNormOps {
    private LocalNormOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("LRN", 1, Lrn::new);
        r.register("LpNormalization", 1, LpNorm::new);
        r.register("MeanVarianceNormalization", 9, Mvn::new);
    }

    /**
     * LRN: x / (bias + alpha / size * sum of x^2 over a window of {@code size} channels)^beta; attributes
     * size, alpha, beta, bias.
     */
    static final class Lrn implements Op {
        /** A window sum of squares of {@code size} terms, then a power and a divide, per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return (2L * size + 3) * inputs[0].elementCount();
        }

        final int size;
        final double alpha;
        final double beta;
        final double bias;

        Lrn(NodeSpec n) {
            this.size = (int) n.requireInt("size");
            this.alpha = n.getFloat("alpha", 1e-4f);
            this.beta = n.getFloat("beta", 0.75f);
            this.bias = n.getFloat("bias", 1f);
            if (size <= 0) {
                throw n.invalid("LRN size must be positive, found " + size);
            }
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            NormalizationOps.requireFloating("LRN", in[0]);
            if (in[0].rank() < 3) {
                throw new ShapeException("LRN needs input of rank >= 3, found " + in[0].shapeString());
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            float[] xf = NormalizationOps.floatsOrNull(x);
            double[] xd = NormalizationOps.doublesOrNull(x);
            float[] yf = NormalizationOps.floatsOrNull(out[0]);
            int c = x.dim(1);
            int n = x.dim(0);
            int s = n == 0 || c == 0 ? 0 : x.size() / (n * c);
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    int lo = Math.max(0, ch - (size - 1) / 2);
                    int hi = Math.min(c - 1, ch + size / 2);
                    for (int p = 0; p < s; p++) {
                        double sq = 0;
                        for (int k = lo; k <= hi; k++) {
                            double v = NormalizationOps.at(xf, xd, (b * c + k) * s + p);
                            sq += v * v;
                        }
                        int i = (b * c + ch) * s + p;
                        double y = NormalizationOps.at(xf, xd, i) / Math.pow(bias + alpha / size * sq, beta);
                        if (yf != null) {
                            yf[i] = (float) y;
                        } else {
                            out[0].doubles()[i] = y;
                        }
                    }
                }
            }
        }
    }

    /** LpNormalization: x / ||x||_p along {@code axis} (default -1); attribute p (1 or 2, default 2). */
    static final class LpNorm implements Op {
        /** Power, sum and divide per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 3L * inputs[0].elementCount();
        }

        final long axis;
        final int p;

        LpNorm(NodeSpec n) {
            this.axis = n.getInt("axis", -1);
            this.p = (int) n.getInt("p", 2);
            if (p != 1 && p != 2) {
                throw n.invalid("LpNormalization p must be 1 or 2, found " + p);
            }
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            NormalizationOps.requireFloating("LpNormalization", in[0]);
            ReduceOps.normalizeAxis(axis, in[0].rank());
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] shape = x.shapeView();
            boolean[] mask = new boolean[shape.length];
            mask[ReduceOps.normalizeAxis(axis, shape.length)] = true;
            NormalizationOps.Groups g = new NormalizationOps.Groups(shape, mask);
            float[] xf = NormalizationOps.floatsOrNull(x);
            double[] xd = NormalizationOps.doublesOrNull(x);
            double[] zeros = new double[g.groupOff.length];
            double[] inv = new double[g.groupOff.length];
            for (int k = 0; k < inv.length; k++) {
                double acc = 0;
                for (int r : g.memberOff) {
                    double v = NormalizationOps.at(xf, xd, g.groupOff[k] + r);
                    acc += p == 1 ? Math.abs(v) : v * v;
                }
                inv[k] = 1.0 / (p == 1 ? acc : Math.sqrt(acc));
            }
            NormalizationOps.apply(x, out[0], g, zeros, inv, null);
        }
    }

    /** MeanVarianceNormalization: (x - mean) / (sqrt(variance) + 1e-9) over attribute axes (default [0, 2, 3]). */
    static final class Mvn implements Op {
        /** Mean, variance, normalise: about five per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 5L * inputs[0].elementCount();
        }

        final long[] axes;

        Mvn(NodeSpec n) {
            this.axes = n.getInts("axes", new long[] {0, 2, 3});
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            NormalizationOps.requireFloating("MeanVarianceNormalization", in[0]);
            mask(in[0].rank());
            return new TensorType[] {in[0]};
        }

        private boolean[] mask(int rank) {
            boolean[] m = new boolean[rank];
            for (long a : axes) {
                m[ReduceOps.normalizeAxis(a, rank)] = true;
            }
            return m;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            NormalizationOps.Groups g = new NormalizationOps.Groups(x.shapeView(), mask(x.rank()));
            double[] mean = new double[g.groupOff.length];
            double[] var = new double[g.groupOff.length];
            NormalizationOps.stats(x, g, mean, var);
            double[] inv = new double[var.length];
            for (int k = 0; k < var.length; k++) {
                inv[k] = 1.0 / (Math.sqrt(var[k]) + 1e-9);
            }
            NormalizationOps.apply(x, out[0], g, mean, inv, null);
        }
    }
}
