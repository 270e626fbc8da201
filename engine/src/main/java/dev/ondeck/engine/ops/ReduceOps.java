package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Reductions: ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare (ArgMax, ArgMin in ArgReduceOps). */
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
    }

    /**
     * Whether {@code op} is a ReduceMean over exactly the last axis of a rank-{@code rank} input, keeping dims
     * ({@code axes}: the constant axes input of opset 18, else null): the row means of a normalisation.
     */
    public static boolean isMeanOfLastAxis(Op op, int rank, Tensor axes) {
        if (!(op instanceof Reduce) || rank < 1) {
            return false;
        }
        Reduce r = (Reduce) op;
        if (r.kind != Kind.MEAN || !r.keepDims || r.axesFromInput && axes == null) {
            return false;
        }
        boolean[] mask = r.mask(rank, axes);
        for (int d = 0; mask != null && d < rank; d++) {
            if (mask[d] != (d == rank - 1)) {
                return false;
            }
        }
        return mask != null;
    }

    /** Fold steps: a + x, a + |x|, a + x^2, a + exp(x - shift), a * x, max, min. */
    static final int ADD = 0;
    static final int ADD_ABS = 1;
    static final int ADD_SQUARE = 2;
    static final int ADD_EXP = 3;
    static final int MUL = 4;
    static final int MAX = 5;
    static final int MIN = 6;

    /** What a reduction computes: its fold step; integer inputs use long arithmetic unless needsDouble. */
    enum Kind {
        SUM(ADD, false), MEAN(ADD, false), MAX(ReduceOps.MAX, false), MIN(ReduceOps.MIN, false), PROD(MUL, false),
        L1(ADD_ABS, false), L2(ADD_SQUARE, true), LOG_SUM(ADD, true), LOG_SUM_EXP(ADD_EXP, true),
        SUM_SQUARE(ADD_SQUARE, false);

        final int step;
        final boolean needsDouble;

        Kind(int step, boolean needsDouble) {
            this.step = step;
            this.needsDouble = needsDouble;
        }
    }

    /**
     * A reduction over a set of axes (attribute {@code axes}, or input 1 from opset 13/18); honours
     * {@code keepdims} and {@code noop_with_empty_axes}; empty sets give the identity value.
     */
    static final class Reduce implements Op {
        /** One operation per input element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 1L * inputs[0].elementCount();
        }

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
                Arrays.fill(mask, true);
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
            Sweep sweep = new Sweep(x.shapeView(), mask);
            DType t = x.dtype();
            if (t.isFloating() || kind.needsDouble) {
                float[] xf = t == DType.FLOAT ? x.floats() : null;
                double[] xd = t == DType.DOUBLE ? x.doubles() : null;
                if (!t.isFloating()) {
                    xd = new double[x.size()];
                    for (int i = 0; i < xd.length; i++) {
                        xd[i] = x.getDouble(i);
                    }
                }
                double[] r = reduceFloating(kind, xf, xd, sweep);
                float[] yf = t == DType.FLOAT ? y.floats() : null;
                for (int o = 0; o < r.length; o++) {
                    if (yf != null) {
                        yf[o] = (float) r[o];
                    } else {
                        y.setDouble(o, r[o]);
                    }
                }
            } else {
                long[] r = reduceInteger(kind, x, sweep);
                for (int o = 0; o < r.length; o++) {
                    y.setLong(o, r[o]);
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
        return offsets(shape, Tensor.stridesOf(shape), mask, reduced);
    }

    /** As {@link #offsets(int[], boolean[], boolean)} with explicit element strides. */
    static int[] offsets(int[] shape, int[] strides, boolean[] mask, boolean reduced) {
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

    /**
     * A reduction as a sequential sweep: the shape's dims are merged (adjacent dims of the same kind, size-1
     * dims dropped) and read row by row along the innermost merged dim; row {@code k} (input elements
     * {@code k * inner ..}) folds into outputs from {@code rowOut[k]}: one output when the innermost dim is
     * reduced, {@code inner} consecutive outputs when it is kept.
     */
    static final class Sweep {
        final int[] rowOut;
        final int inner;
        final boolean innerReduced;
        final int outCount;
        final int count;

        Sweep(int[] shape, boolean[] mask) {
            int[] dims = new int[shape.length + 1];
            boolean[] kinds = new boolean[shape.length + 1];
            int n = 0;
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] != 1 && n > 0 && kinds[n - 1] == mask[d]) {
                    dims[n - 1] *= shape[d];
                } else if (shape[d] != 1) {
                    dims[n] = shape[d];
                    kinds[n++] = mask[d];
                }
            }
            if (n == 0) {
                dims[n++] = 1;
            }
            int[] outStrides = new int[n];
            int outs = 1;
            int reduced = 1;
            for (int d = n - 1; d >= 0; d--) {
                outStrides[d] = kinds[d] ? 0 : outs;
                outs *= kinds[d] ? 1 : dims[d];
                reduced *= kinds[d] ? dims[d] : 1;
            }
            outCount = outs;
            count = reduced;
            inner = dims[n - 1];
            innerReduced = kinds[n - 1];
            rowOut = offsets(Arrays.copyOf(dims, n - 1), outStrides, new boolean[n - 1], false);
        }
    }

    /** The reduced values of float32 ({@code xf}) or float64 ({@code xd}) data, in double. */
    static double[] reduceFloating(Kind kind, float[] xf, double[] xd, Sweep s) {
        if (kind == Kind.LOG_SUM_EXP) {
            double[] m = fold(xf, xd, s, MAX, Double.NEGATIVE_INFINITY, null);
            double[] e = fold(xf, xd, s, ADD_EXP, 0, m);
            for (int o = 0; o < m.length; o++) {
                e[o] = Double.isInfinite(m[o]) || Double.isNaN(m[o]) ? m[o] : m[o] + Math.log(e[o]);
            }
            return e;
        }
        double init = kind == Kind.PROD ? 1 : kind == Kind.MAX ? Double.NEGATIVE_INFINITY
                : kind == Kind.MIN ? Double.POSITIVE_INFINITY : 0;
        double[] a = fold(xf, xd, s, kind.step, init, null);
        for (int o = 0; o < a.length; o++) {
            a[o] = kind == Kind.MEAN ? a[o] / s.count : kind == Kind.L2 ? Math.sqrt(a[o])
                    : kind == Kind.LOG_SUM ? Math.log(a[o]) : a[o];
        }
        return a;
    }

    /** Folds every row of the sweep with {@code step}, from {@code init}; {@code shift} feeds ADD_EXP. */
    private static double[] fold(float[] xf, double[] xd, Sweep s, int step, double init, double[] shift) {
        double[] acc = new double[s.outCount];
        Arrays.fill(acc, init);
        int n = s.inner;
        for (int row = 0; row < s.rowOut.length; row++) {
            int xb = row * n;
            int ob = s.rowOut[row];
            if (s.innerReduced) {
                double a = acc[ob];
                double sh = shift == null ? 0 : shift[ob];
                for (int j = 0; j < n; j++) {
                    a = step(step, a, xf != null ? xf[xb + j] : xd[xb + j], sh);
                }
                acc[ob] = a;
            } else {
                for (int j = 0; j < n; j++) {
                    double sh = shift == null ? 0 : shift[ob + j];
                    acc[ob + j] = step(step, acc[ob + j], xf != null ? xf[xb + j] : xd[xb + j], sh);
                }
            }
        }
        return acc;
    }

    private static double step(int step, double a, double v, double shift) {
        switch (step) {
            case ADD: return a + v;
            case ADD_ABS: return a + Math.abs(v);
            case ADD_SQUARE: return a + v * v;
            case ADD_EXP: return a + Math.exp(v - shift);
            case MUL: return a * v;
            case MAX: return v > a || v != v ? v : a;
            default: return v < a || v != v ? v : a;
        }
    }

    /** The reduced values of integer or bool data, in long arithmetic (wrapping like the output type). */
    static long[] reduceInteger(Kind kind, Tensor x, Sweep s) {
        DType t = x.dtype();
        long[] acc = new long[s.outCount];
        Arrays.fill(acc, kind == Kind.PROD ? 1 : kind == Kind.MAX ? minOf(t) : kind == Kind.MIN ? maxOf(t) : 0);
        boolean u64 = t == DType.UINT64;
        int n = s.inner;
        for (int row = 0; row < s.rowOut.length; row++) {
            for (int j = 0; j < n; j++) {
                int o = s.rowOut[row] + (s.innerReduced ? 0 : j);
                acc[o] = step(kind.step, acc[o], x.getLong(row * n + j), u64);
            }
        }
        if (kind == Kind.MEAN) {
            for (int o = 0; o < acc.length; o++) {
                acc[o] = s.count == 0 ? 0 : u64 ? Long.divideUnsigned(acc[o], s.count) : acc[o] / s.count;
            }
        }
        return acc;
    }

    private static long step(int step, long a, long v, boolean u64) {
        switch (step) {
            case ADD: return a + v;
            case ADD_ABS: return a + Math.abs(v);
            case ADD_SQUARE: return a + v * v;
            case MUL: return a * v;
            case MAX: return (u64 ? Long.compareUnsigned(v, a) > 0 : v > a) ? v : a;
            default: return (u64 ? Long.compareUnsigned(v, a) < 0 : v < a) ? v : a;
        }
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
}
