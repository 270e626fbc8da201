package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Reductions: ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare, ArgMax, ArgMin. */
public final class ReduceOps {
    private ReduceOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("ReduceSum", 1, n -> Reduce.withAxesAttribute(n, Kind.SUM));
        r.register("ReduceSum", 13, n -> Reduce.withAxesInput(n, Kind.SUM));
        r.register("ReduceMean", 1, n -> Reduce.withAxesAttribute(n, Kind.MEAN));
        r.register("ReduceMean", 18, n -> Reduce.withAxesInput(n, Kind.MEAN));
        r.register("ReduceMax", 1, n -> Reduce.withAxesAttribute(n, Kind.MAX));
        r.register("ReduceMax", 18, n -> Reduce.withAxesInput(n, Kind.MAX));
        r.register("ReduceMin", 1, n -> Reduce.withAxesAttribute(n, Kind.MIN));
        r.register("ReduceMin", 18, n -> Reduce.withAxesInput(n, Kind.MIN));
        r.register("ReduceProd", 1, n -> Reduce.withAxesAttribute(n, Kind.PROD));
        r.register("ReduceProd", 18, n -> Reduce.withAxesInput(n, Kind.PROD));
        r.register("ReduceL1", 1, n -> Reduce.withAxesAttribute(n, Kind.L1));
        r.register("ReduceL1", 18, n -> Reduce.withAxesInput(n, Kind.L1));
        r.register("ReduceL2", 1, n -> Reduce.withAxesAttribute(n, Kind.L2));
        r.register("ReduceL2", 18, n -> Reduce.withAxesInput(n, Kind.L2));
        r.register("ReduceLogSum", 1, n -> Reduce.withAxesAttribute(n, Kind.LOG_SUM));
        r.register("ReduceLogSum", 18, n -> Reduce.withAxesInput(n, Kind.LOG_SUM));
        r.register("ReduceLogSumExp", 1, n -> Reduce.withAxesAttribute(n, Kind.LOG_SUM_EXP));
        r.register("ReduceLogSumExp", 18, n -> Reduce.withAxesInput(n, Kind.LOG_SUM_EXP));
        r.register("ReduceSumSquare", 1, n -> Reduce.withAxesAttribute(n, Kind.SUM_SQUARE));
        r.register("ReduceSumSquare", 18, n -> Reduce.withAxesInput(n, Kind.SUM_SQUARE));
        r.register("ArgMax", 1, n -> new ArgExtreme(n, true));
        r.register("ArgMin", 1, n -> new ArgExtreme(n, false));
    }

    /** What a reduction computes; integer inputs use long arithmetic except for L2, LogSum and LogSumExp. */
    enum Kind {
        SUM(false), MEAN(false), MAX(false), MIN(false), PROD(false), L1(false), L2(true), LOG_SUM(true),
        LOG_SUM_EXP(true), SUM_SQUARE(false);

        final boolean needsDouble;

        Kind(boolean needsDouble) {
            this.needsDouble = needsDouble;
        }
    }

    /**
     * A reduction over a set of axes (attribute {@code axes}, or input 1 from opset 13/18); honours
     * {@code keepdims} and {@code noop_with_empty_axes}; empty sets give the identity value.
     */
    static final class Reduce implements Op {
        final Kind kind;
        final long[] attrAxes;
        final boolean axesFromInput;
        final boolean keepDims;
        final boolean noopWithEmptyAxes;

        private Reduce(Kind kind, long[] attrAxes, boolean axesFromInput, boolean keepDims, boolean noop) {
            this.kind = kind;
            this.attrAxes = attrAxes;
            this.axesFromInput = axesFromInput;
            this.keepDims = keepDims;
            this.noopWithEmptyAxes = noop;
        }

        static Reduce withAxesAttribute(NodeSpec n, Kind kind) {
            return new Reduce(kind, n.getInts("axes", new long[0]), false, n.getInt("keepdims", 1) != 0, false);
        }

        static Reduce withAxesInput(NodeSpec n, Kind kind) {
            return new Reduce(kind, null, true, n.getInt("keepdims", 1) != 0, n.getInt("noop_with_empty_axes", 0) != 0);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            boolean hasAxes = axesFromInput && in.length > 1 && in[1] != null;
            if (hasAxes && values[1] == null) {
                return new TensorType[] {null};
            }
            int[] shape = in[0].shape();
            boolean[] mask = mask(shape.length, hasAxes ? values[1] : null);
            if (mask == null) {
                return new TensorType[] {in[0]};
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), reducedShape(shape, mask, keepDims))};
        }

        /** Which axes are reduced, or null for the identity (no axes and noop_with_empty_axes). */
        private boolean[] mask(int rank, Tensor axesValue) {
            long[] axes = attrAxes;
            if (axesFromInput) {
                axes = new long[axesValue == null ? 0 : axesValue.size()];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = axesValue.getLong(i);
                }
            }
            if (axes.length == 0 && noopWithEmptyAxes) {
                return null;
            }
            boolean[] mask = new boolean[rank];
            if (axes.length == 0) {
                java.util.Arrays.fill(mask, true);
            }
            for (long a : axes) {
                int ax = normalizeAxis(a, rank);
                if (mask[ax]) {
                    throw new ShapeException(kind + " axes must be distinct, found axis " + a + " twice");
                }
                mask[ax] = true;
            }
            return mask;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            boolean[] mask = mask(x.rank(), axesFromInput && in.length > 1 ? in[1] : null);
            if (mask == null) {
                y.copyFrom(x, 0, 0, x.size());
                return;
            }
            int[] outerOff = offsets(x.shapeView(), mask, false);
            int[] redOff = offsets(x.shapeView(), mask, true);
            DType t = x.dtype();
            if (t == DType.FLOAT || t == DType.DOUBLE) {
                double[] xd = t == DType.DOUBLE ? x.doubles() : null;
                double[] yd = t == DType.DOUBLE ? y.doubles() : null;
                float[] xf = t == DType.FLOAT ? x.floats() : null;
                float[] yf = t == DType.FLOAT ? y.floats() : null;
                for (int o = 0; o < outerOff.length; o++) {
                    double v = reduceFloating(kind, xf, xd, outerOff[o], redOff);
                    if (yf != null) {
                        yf[o] = (float) v;
                    } else {
                        yd[o] = v;
                    }
                }
            } else if (kind.needsDouble) {
                double[] xd = new double[x.size()];
                for (int i = 0; i < xd.length; i++) {
                    xd[i] = x.getDouble(i);
                }
                for (int o = 0; o < outerOff.length; o++) {
                    y.setDouble(o, reduceFloating(kind, null, xd, outerOff[o], redOff));
                }
            } else {
                for (int o = 0; o < outerOff.length; o++) {
                    y.setLong(o, reduceInteger(kind, x, outerOff[o], redOff));
                }
            }
        }
    }

    /** An axis in [-rank, rank) made non-negative; fails naming the valid range. */
    static int normalizeAxis(long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new ShapeException("axis must be in [" + (-rank) + ", " + (rank - 1) + "], found " + axis);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    static int[] reducedShape(int[] shape, boolean[] mask, boolean keepDims) {
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            n += mask[i] && !keepDims ? 0 : 1;
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i]) {
                out[k++] = shape[i];
            } else if (keepDims) {
                out[k++] = 1;
            }
        }
        return out;
    }

    /**
     * Flat offsets, in row-major order, of every index over the dims where {@code mask[d] == reduced}
     * (the other dims held at 0). Kept offsets enumerate output elements; reduced offsets enumerate the
     * elements folded into one output.
     */
    static int[] offsets(int[] shape, boolean[] mask, boolean reduced) {
        int[] strides = Tensor.stridesOf(shape);
        int count = 1;
        for (int d = 0; d < shape.length; d++) {
            count *= mask[d] == reduced ? shape[d] : 1;
        }
        int[] off = new int[count];
        int[] idx = new int[shape.length];
        int cur = 0;
        for (int k = 0; k < count; k++) {
            off[k] = cur;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (mask[d] != reduced) {
                    continue;
                }
                idx[d]++;
                cur += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                cur -= strides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return off;
    }

    /** One reduced value over float32 ({@code xf}) or float64 ({@code xd}) data, in double. */
    static double reduceFloating(Kind kind, float[] xf, double[] xd, int base, int[] red) {
        switch (kind) {
            case MAX: return extreme(xf, xd, base, red, true);
            case MIN: return extreme(xf, xd, base, red, false);
            case PROD: {
                double p = 1;
                for (int r : red) {
                    p *= xf != null ? xf[base + r] : xd[base + r];
                }
                return p;
            }
            case LOG_SUM_EXP: {
                double m = extreme(xf, xd, base, red, true);
                if (Double.isInfinite(m) || Double.isNaN(m)) {
                    return m;
                }
                return m + Math.log(sum(xf, xd, base, red, 3, m));
            }
            case SUM: return sum(xf, xd, base, red, 0, 0);
            case MEAN: return sum(xf, xd, base, red, 0, 0) / red.length;
            case L1: return sum(xf, xd, base, red, 1, 0);
            case L2: return Math.sqrt(sum(xf, xd, base, red, 2, 0));
            case LOG_SUM: return Math.log(sum(xf, xd, base, red, 0, 0));
            default: return sum(xf, xd, base, red, 2, 0);
        }
    }

    /** Sum of f(x) over the reduced offsets: f = identity (0), abs (1), square (2), exp(x - shift) (3). */
    private static double sum(float[] xf, double[] xd, int base, int[] red, int f, double shift) {
        double s = 0;
        for (int r : red) {
            double v = xf != null ? xf[base + r] : xd[base + r];
            switch (f) {
                case 0: s += v; break;
                case 1: s += Math.abs(v); break;
                case 2: s += v * v; break;
                default: s += Math.exp(v - shift);
            }
        }
        return s;
    }

    /** Largest (or smallest) value; -inf (or +inf) for an empty set; NaN propagates. */
    private static double extreme(float[] xf, double[] xd, int base, int[] red, boolean max) {
        double m = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int r : red) {
            double v = xf != null ? xf[base + r] : xd[base + r];
            if (max ? !(v <= m) : !(v >= m)) {
                m = v;
            }
        }
        return m;
    }

    /** One reduced value over integer or bool data, in long arithmetic (wrapping like the output type). */
    static long reduceInteger(Kind kind, Tensor x, int base, int[] red) {
        DType t = x.dtype();
        long acc = kind == Kind.PROD ? 1 : kind == Kind.MAX ? minOf(t) : kind == Kind.MIN ? maxOf(t) : 0;
        boolean u64 = t == DType.UINT64;
        for (int r : red) {
            long v = x.getLong(base + r);
            switch (kind) {
                case MAX: acc = (u64 ? Long.compareUnsigned(v, acc) > 0 : v > acc) ? v : acc; break;
                case MIN: acc = (u64 ? Long.compareUnsigned(v, acc) < 0 : v < acc) ? v : acc; break;
                case PROD: acc *= v; break;
                case L1: acc += Math.abs(v); break;
                case SUM_SQUARE: acc += v * v; break;
                default: acc += v;
            }
        }
        if (kind == Kind.MEAN) {
            return red.length == 0 ? 0 : u64 ? Long.divideUnsigned(acc, red.length) : acc / red.length;
        }
        return acc;
    }

    /** The smallest value of an integer or bool type, as stored by {@link Tensor#setLong}. */
    static long minOf(DType t) {
        switch (t) {
            case INT8: return Byte.MIN_VALUE;
            case INT16: return Short.MIN_VALUE;
            case INT32: return Integer.MIN_VALUE;
            case INT64: return Long.MIN_VALUE;
            default: return 0;
        }
    }

    /** The largest value of an integer or bool type, as stored by {@link Tensor#setLong}. */
    static long maxOf(DType t) {
        switch (t) {
            case BOOL: return 1;
            case INT8: return Byte.MAX_VALUE;
            case UINT8: return 0xFF;
            case INT16: return Short.MAX_VALUE;
            case UINT16: return 0xFFFF;
            case INT32: return Integer.MAX_VALUE;
            case UINT32: return 0xFFFFFFFFL;
            case INT64: return Long.MAX_VALUE;
            default: return -1L;
        }
    }

    /** Index of the largest (ArgMax) or smallest (ArgMin) element along {@code axis}, as int64; honours keepdims and select_last_index. */
    static final class ArgExtreme implements Op {
        final boolean max;
        final long axis;
        final boolean keepDims;
        final boolean lastIndex;

        ArgExtreme(NodeSpec n, boolean max) {
            this.max = max;
            this.axis = n.getInt("axis", 0);
            this.keepDims = n.getInt("keepdims", 1) != 0;
            this.lastIndex = n.getInt("select_last_index", 0) != 0;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] shape = in[0].shape();
            int ax = normalizeAxis(axis, shape.length);
            if (shape[ax] == 0) {
                throw new ShapeException((max ? "ArgMax" : "ArgMin") + " needs a non-empty axis " + ax + ", found shape "
                        + java.util.Arrays.toString(shape));
            }
            boolean[] mask = new boolean[shape.length];
            mask[ax] = true;
            return new TensorType[] {TensorType.of(DType.INT64, reducedShape(shape, mask, keepDims))};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] shape = x.shapeView();
            int ax = normalizeAxis(axis, shape.length);
            int n = shape[ax];
            int inner = 1;
            for (int d = ax + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            int outer = n == 0 || inner == 0 ? 0 : x.size() / (n * inner);
            long[] y = out[0].longs();
            boolean floating = x.dtype().isFloating();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * n * inner + i;
                    y[o * inner + i] = floating ? argFloating(x, base, n, inner) : argInteger(x, base, n, inner);
                }
            }
        }

        private long argFloating(Tensor x, int base, int n, int stride) {
            float[] xf = x.dtype() == DType.FLOAT ? x.floats() : null;
            double best = xf != null ? xf[base] : x.getDouble(base);
            int at = 0;
            for (int k = 1; k < n; k++) {
                double v = xf != null ? xf[base + k * stride] : x.getDouble(base + k * stride);
                if (max ? v > best || lastIndex && v == best : v < best || lastIndex && v == best) {
                    best = v;
                    at = k;
                }
            }
            return at;
        }

        private long argInteger(Tensor x, int base, int n, int stride) {
            long best = x.getLong(base);
            int at = 0;
            for (int k = 1; k < n; k++) {
                long v = x.getLong(base + k * stride);
                if (max ? v > best || lastIndex && v == best : v < best || lastIndex && v == best) {
                    best = v;
                    at = k;
                }
            }
            return at;
        }
    }
}
