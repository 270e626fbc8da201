package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/**
 * Normalizations over groups of elements: BatchNormalization, InstanceNormalization, LayerNormalization,
 * GroupNormalization (MeanVarianceNormalization, LpNormalization in LocalNormOps). Statistics accumulate in double.
 */
public final class NormalizationOps {
    private NormalizationOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("BatchNormalization", 1, n -> new BatchNorm(n, n.getInt("spatial", 1) != 0, n.outputCount() > 1, false));
        r.register("BatchNormalization", 9, n -> new BatchNorm(n, true, n.outputCount() > 1, false));
        r.register("BatchNormalization", 14, n -> new BatchNorm(n, true, n.getInt("training_mode", 0) != 0, true));
        r.register("InstanceNormalization", 1, InstanceNorm::new);
        r.register("LayerNormalization", 17, LayerNorm::new);
        r.register("GroupNormalization", 18, n -> new GroupNorm(n, false));
        r.register("GroupNormalization", 21, n -> new GroupNorm(n, true));
    }

    /** Element groups normalised together: group g holds the elements at {@code groupOff[g] + memberOff[r]}. */
    static final class Groups {
        final int[] groupOff;
        final int[] memberOff;

        /** Groups of a (row-major) view of the data: {@code reduced[d]} marks the dims a group spans. */
        Groups(int[] viewShape, boolean... reduced) {
            groupOff = ReduceOps.offsets(viewShape, reduced, false);
            memberOff = ReduceOps.offsets(viewShape, reduced, true);
        }
    }

    /** How scale and bias are indexed: by group (g % mod), by member (r), or by flat index ((i / div) % mod). */
    enum ParamIndex {
        GROUP, MEMBER, FLAT
    }

    /** Per-element scale and bias (both null: none). */
    static final class Affine {
        final double[] scale;
        final double[] bias;
        final ParamIndex by;
        final int div;
        final int mod;

        Affine(double[] scale, double[] bias, ParamIndex by, int div, int mod) {
            this.scale = scale;
            this.bias = bias;
            this.by = by;
            this.div = div;
            this.mod = mod;
        }
    }

    static double at(float[] xf, double[] xd, int i) {
        return xf != null ? xf[i] : xd[i];
    }

    static double[] toDoubles(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDouble(i);
        }
        return d;
    }

    static float[] floatsOrNull(Tensor t) {
        return t.dtype() == DType.FLOAT ? t.floats() : null;
    }

    static double[] doublesOrNull(Tensor t) {
        return t.dtype() == DType.DOUBLE ? t.doubles() : null;
    }

    static void requireFloating(String op, TensorType t) {
        if (!t.dtype().isFloating()) {
            throw new ShapeException(op + " needs float32 or float64 input, found " + t.dtype());
        }
    }

    static void requireInputs(String op, TensorType[] in, int count) {
        for (int i = 0; i < count; i++) {
            if (i >= in.length || in[i] == null) {
                throw new ShapeException(op + " needs " + count + " inputs, input " + i + " is missing");
            }
        }
    }

    static void requireSize(String op, String what, TensorType t, int expected) {
        if (t.elementCount() != expected) {
            throw new ShapeException(op + " " + what + " must have " + expected + " elements, found shape " + t.shapeString());
        }
    }

    /** Mean and population variance of each group of {@code x}. */
    static void stats(Tensor x, Groups g, double[] mean, double[] var) {
        float[] xf = floatsOrNull(x);
        double[] xd = doublesOrNull(x);
        int n = g.memberOff.length;
        for (int k = 0; k < g.groupOff.length; k++) {
            int base = g.groupOff[k];
            double s = 0;
            for (int r : g.memberOff) {
                s += at(xf, xd, base + r);
            }
            double m = s / n;
            double v = 0;
            for (int r : g.memberOff) {
                double d = at(xf, xd, base + r) - m;
                v += d * d;
            }
            mean[k] = m;
            var[k] = v / n;
        }
    }

    /** 1 / sqrt(var + eps) for each entry. */
    static double[] invStd(double[] var, double eps) {
        double[] inv = new double[var.length];
        for (int k = 0; k < var.length; k++) {
            inv[k] = 1.0 / Math.sqrt(var[k] + eps);
        }
        return inv;
    }

    /** y = (x - mean[g]) * invStd[g], then scaled and shifted by {@code a}, for every element of every group. */
    static void apply(Tensor x, Tensor y, Groups g, double[] mean, double[] invStd, Affine a) {
        float[] xf = floatsOrNull(x);
        double[] xd = doublesOrNull(x);
        float[] yf = floatsOrNull(y);
        double[] yd = doublesOrNull(y);
        boolean perGroup = a == null || a.by == ParamIndex.GROUP;
        for (int k = 0; k < g.groupOff.length; k++) {
            int base = g.groupOff[k];
            double mul = invStd[k] * (a == null ? 1 : perGroup ? a.scale[k % a.mod] : 1);
            double add = (a == null || !perGroup ? 0 : a.bias[k % a.mod]) - mean[k] * mul;
            for (int r = 0; r < g.memberOff.length; r++) {
                int i = base + g.memberOff[r];
                double v = at(xf, xd, i) * mul + add;
                if (!perGroup) {
                    int p = a.by == ParamIndex.MEMBER ? r : (i / a.div) % a.mod;
                    v = v * a.scale[p] + a.bias[p];
                }
                if (yf != null) {
                    yf[i] = (float) v;
                } else {
                    yd[i] = v;
                }
            }
        }
    }

    /**
     * BatchNormalization: per-channel (or, with spatial=0, per-element) normalisation with given mean and
     * variance; attributes epsilon, momentum, spatial (before opset 9), training_mode (batch statistics,
     * running mean/variance outputs).
     */
    public static final class BatchNorm implements Op {
        /** Epsilon added to the variance. */
        public double epsilon() {
            return epsilon;
        }

        /** True for the inference form: per-channel statistics from the inputs, one output. */
        public boolean isInference() {
            return spatial && !training;
        }

        /** Inference form: one multiply-add per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 2L * inputs[0].elementCount();
        }

        final double epsilon;
        final double momentum;
        final boolean spatial;
        final boolean training;
        final boolean runningOnly;

        BatchNorm(NodeSpec n, boolean spatial, boolean training, boolean runningOnly) {
            this.epsilon = n.getFloat("epsilon", 1e-5f);
            this.momentum = n.getFloat("momentum", 0.9f);
            this.spatial = spatial;
            this.training = training;
            this.runningOnly = runningOnly;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            requireInputs("BatchNormalization", in, 5);
            requireFloating("BatchNormalization", in[0]);
            int[] s = in[0].shape();
            if (s.length < 2) {
                throw new ShapeException("BatchNormalization needs input of rank >= 2, found " + in[0].shapeString());
            }
            int params = spatial ? s[1] : (int) (in[0].elementCount() / Math.max(s[0], 1));
            for (int i = 1; i < 5; i++) {
                requireSize("BatchNormalization", "input " + i, in[i], params);
            }
            TensorType[] out = new TensorType[outputCount];
            out[0] = in[0];
            for (int i = 1; i < outputCount; i++) {
                out[i] = in[3];
            }
            return out;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int n = x.dim(0);
            int c = spatial ? x.dim(1) : (n == 0 ? 0 : x.size() / n);
            int s = n == 0 || c == 0 ? 0 : x.size() / (n * c);
            Groups g = new Groups(new int[] {n, c, s}, true, false, true);
            double[] mean = toDoubles(in[3]);
            double[] var = toDoubles(in[4]);
            if (training) {
                double[] batchMean = new double[c];
                double[] batchVar = new double[c];
                stats(x, g, batchMean, batchVar);
                writeTrainingOutputs(out, mean, var, batchMean, batchVar);
                mean = batchMean;
                var = batchVar;
            }
            Affine a = new Affine(toDoubles(in[1]), toDoubles(in[2]), ParamIndex.GROUP, 1, Math.max(c, 1));
            apply(x, out[0], g, mean, invStd(var, epsilon), a);
        }

        /** Running mean/variance (outputs 1, 2) and, before opset 14, the batch statistics (outputs 3, 4). */
        private void writeTrainingOutputs(Tensor[] out, double[] mean, double[] var, double[] bMean, double[] bVar) {
            for (int k = 0; k < mean.length; k++) {
                setIfPresent(out, 1, k, mean[k] * momentum + bMean[k] * (1 - momentum));
                setIfPresent(out, 2, k, var[k] * momentum + bVar[k] * (1 - momentum));
                if (!runningOnly) {
                    setIfPresent(out, 3, k, bMean[k]);
                    setIfPresent(out, 4, k, bVar[k]);
                }
            }
        }

        private static void setIfPresent(Tensor[] out, int i, int k, double v) {
            if (i < out.length && out[i] != null) {
                out[i].setDouble(k, v);
            }
        }
    }

    /** InstanceNormalization: per (sample, channel) normalisation over spatial dims, then per-channel scale and bias; attribute epsilon. */
    static final class InstanceNorm implements Op {
        /** Mean, variance, normalise, scale and shift: five per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 5L * inputs[0].elementCount();
        }

        final double epsilon;

        InstanceNorm(NodeSpec n) {
            this.epsilon = n.getFloat("epsilon", 1e-5f);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            requireInputs("InstanceNormalization", in, 3);
            requireFloating("InstanceNormalization", in[0]);
            if (in[0].rank() < 3) {
                throw new ShapeException("InstanceNormalization needs input of rank >= 3, found " + in[0].shapeString());
            }
            requireSize("InstanceNormalization", "scale", in[1], in[0].shape()[1]);
            requireSize("InstanceNormalization", "B", in[2], in[0].shape()[1]);
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int nc = x.dim(0) * x.dim(1);
            Groups g = new Groups(new int[] {nc, nc == 0 ? 0 : x.size() / nc}, false, true);
            double[] mean = new double[nc];
            double[] var = new double[nc];
            stats(x, g, mean, var);
            Affine a = new Affine(toDoubles(in[1]), toDoubles(in[2]), ParamIndex.GROUP, 1, Math.max(x.dim(1), 1));
            apply(x, out[0], g, mean, invStd(var, epsilon), a);
        }
    }

    /**
     * LayerNormalization: normalisation over dims {@code axis..}, scale and optional bias broadcast to
     * them; attributes axis, epsilon, stash_type; optional Mean and InvStdDev outputs.
     */
    public static final class LayerNorm implements Op {
        /** The first normalised axis for an input of this rank. */
        public int axis(int rank) {
            return ReduceOps.normalizeAxis(axis, rank);
        }

        public double epsilon() {
            return epsilon;
        }

        /** Mean, variance, normalise, scale and shift: five per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 5L * inputs[0].elementCount();
        }

        final long axis;
        final double epsilon;
        final DType stashType;

        private LayerNorm(long axis, double epsilon) {
            this.axis = axis;
            this.epsilon = epsilon;
            this.stashType = DType.FLOAT;
        }

        /**
         * A LayerNormalization over dims {@code axis..} with float32 statistics: what the plan asks a backend to
         * compute when it recognises the decomposed form (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div).
         */
        public static LayerNorm of(long axis, double epsilon) {
            return new LayerNorm(axis, epsilon);
        }

        LayerNorm(NodeSpec n) {
            this.axis = n.getInt("axis", -1);
            this.epsilon = n.getFloat("epsilon", 1e-5f);
            this.stashType = DType.fromOnnx((int) n.getInt("stash_type", 1));
            if (stashType == null || !stashType.isFloating()) {
                throw n.invalid("LayerNormalization stash_type must be a float type code, found " + n.getInt("stash_type", 1));
            }
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            requireInputs("LayerNormalization", in, 2);
            requireFloating("LayerNormalization", in[0]);
            int[] s = in[0].shape();
            int ax = ReduceOps.normalizeAxis(axis, s.length);
            int[] norm = Arrays.copyOfRange(s, ax, s.length);
            for (int i = 1; i < 3 && i < in.length; i++) {
                if (in[i] != null && !Arrays.equals(Broadcast.shape(in[i].shape(), norm), norm)) {
                    throw new ShapeException("LayerNormalization input " + i + " must broadcast to " + Arrays.toString(norm)
                            + ", found " + in[i].shapeString());
                }
            }
            int[] statShape = s.clone();
            Arrays.fill(statShape, ax, s.length, 1);
            TensorType[] out = new TensorType[outputCount];
            out[0] = in[0];
            for (int i = 1; i < outputCount; i++) {
                out[i] = TensorType.of(stashType, statShape);
            }
            return out;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] s = x.shapeView();
            int ax = ReduceOps.normalizeAxis(axis, s.length);
            int[] norm = Arrays.copyOfRange(s, ax, s.length);
            int len = 1;
            for (int d : norm) {
                len *= d;
            }
            int outer = len == 0 ? 0 : x.size() / len;
            Groups g = new Groups(new int[] {outer, len}, false, true);
            double[] mean = new double[outer];
            double[] var = new double[outer];
            stats(x, g, mean, var);
            double[] inv = invStd(var, epsilon);
            double[] scale = expand(in[1], norm, len);
            double[] bias = in.length > 2 && in[2] != null ? expand(in[2], norm, len) : new double[len];
            apply(x, out[0], g, mean, inv, new Affine(scale, bias, ParamIndex.MEMBER, 1, 1));
            for (int k = 0; k < outer; k++) {
                if (out.length > 1 && out[1] != null) {
                    out[1].setDouble(k, mean[k]);
                }
                if (out.length > 2 && out[2] != null) {
                    out[2].setDouble(k, inv[k]);
                }
            }
        }

        /** A parameter broadcast to the normalised shape, flattened. */
        private static double[] expand(Tensor p, int[] norm, int len) {
            int[] map = Broadcast.indexMap(p.shapeView(), norm);
            double[] d = new double[len];
            for (int i = 0; i < len; i++) {
                d[i] = p.getDouble(map == null ? i : map[i]);
            }
            return d;
        }
    }

    /**
     * GroupNormalization: normalisation over groups of channels (attribute num_groups) and spatial dims,
     * then scale and bias per group (opset 18) or per channel (opset 21); attribute epsilon.
     */
    static final class GroupNorm implements Op {
        /** Mean, variance, normalise, scale and shift: five per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 5L * inputs[0].elementCount();
        }

        final int groups;
        final double epsilon;
        final boolean perChannel;

        GroupNorm(NodeSpec n, boolean perChannel) {
            this.groups = (int) n.requireInt("num_groups");
            this.epsilon = n.getFloat("epsilon", 1e-5f);
            this.perChannel = perChannel;
            if (groups <= 0) {
                throw n.invalid("GroupNormalization num_groups must be positive, found " + groups);
            }
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            requireInputs("GroupNormalization", in, 3);
            requireFloating("GroupNormalization", in[0]);
            int[] s = in[0].shape();
            if (s.length < 2 || s[1] % groups != 0) {
                throw new ShapeException("GroupNormalization needs rank >= 2 and channels divisible by num_groups "
                        + groups + ", found " + in[0].shapeString());
            }
            requireSize("GroupNormalization", "scale", in[1], perChannel ? s[1] : groups);
            requireSize("GroupNormalization", "bias", in[2], perChannel ? s[1] : groups);
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int c = x.dim(1);
            int ng = x.dim(0) * groups;
            int spatial = c == 0 || x.dim(0) == 0 ? 0 : x.size() / (x.dim(0) * c);
            Groups g = new Groups(new int[] {ng, ng == 0 ? 0 : x.size() / ng}, false, true);
            double[] mean = new double[ng];
            double[] var = new double[ng];
            stats(x, g, mean, var);
            Affine a = perChannel
                    ? new Affine(toDoubles(in[1]), toDoubles(in[2]), ParamIndex.FLAT, Math.max(spatial, 1), c)
                    : new Affine(toDoubles(in[1]), toDoubles(in[2]), ParamIndex.GROUP, 1, groups);
            apply(x, out[0], g, mean, invStd(var, epsilon), a);
        }
    }
}
