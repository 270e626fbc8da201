package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Softmax, LogSoftmax and Hardmax: 2-D coercion at {@code axis} before opset 13, a single axis from 13. */
public final class SoftmaxOps {
    private SoftmaxOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Softmax", 1, n -> new Softmax(Mode.SOFTMAX, n.getInt("axis", 1), true));
        r.register("Softmax", 13, n -> new Softmax(Mode.SOFTMAX, n.getInt("axis", -1), false));
        r.register("LogSoftmax", 1, n -> new Softmax(Mode.LOG_SOFTMAX, n.getInt("axis", 1), true));
        r.register("LogSoftmax", 13, n -> new Softmax(Mode.LOG_SOFTMAX, n.getInt("axis", -1), false));
        r.register("Hardmax", 1, n -> new Softmax(Mode.HARDMAX, n.getInt("axis", 1), true));
        r.register("Hardmax", 13, n -> new Softmax(Mode.HARDMAX, n.getInt("axis", -1), false));
    }

    /** What the op computes along its axis. */
    enum Mode {
        SOFTMAX, LOG_SOFTMAX, HARDMAX
    }

    /**
     * Softmax, LogSoftmax or Hardmax along {@code axis}; with {@code coerce2d} (opset &lt; 13) over all
     * dims from {@code axis} on, as one flattened row.
     */
    public static final class Softmax implements Op {
        /** True for Softmax (not LogSoftmax or Hardmax). */
        public boolean isSoftmax() {
            return mode == Mode.SOFTMAX;
        }

        /** The length of the contiguous rows it normalises for this input shape, or -1 when they are strided. */
        public int contiguousRow(int[] shape) {
            int ax = (int) (axis < 0 ? axis + shape.length : axis);
            int n = 1;
            for (int d = ax; d < shape.length; d++) {
                n *= shape[d];
            }
            return coerce2d || ax == shape.length - 1 ? n : -1;
        }

        /**
         * The (outer, n, inner) split of this input shape: rows of {@code n} elements at stride {@code inner}
         * (inner is 1 when the rows are contiguous).
         */
        public int[] rows(int[] shape) {
            int ax = (int) (axis < 0 ? axis + shape.length : axis);
            int outer = 1;
            for (int d = 0; d < ax; d++) {
                outer *= shape[d];
            }
            int n = contiguousRow(shape);
            if (n >= 0) {
                return new int[] {outer, n, 1};
            }
            int inner = 1;
            for (int d = ax + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            return new int[] {outer, shape[ax], inner};
        }

        /** Max, subtract, exp, sum and scale: five per element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 5L * inputs[0].elementCount();
        }

        final Mode mode;
        final long axis;
        final boolean coerce2d;

        Softmax(Mode mode, long axis, boolean coerce2d) {
            this.mode = mode;
            this.axis = axis;
            this.coerce2d = coerce2d;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (!in[0].dtype().isFloating()) {
                throw new ShapeException(mode + " needs float32 or float64 input, found " + in[0].dtype());
            }
            int rank = in[0].rank();
            if (axis < -rank || axis > (coerce2d ? rank : rank - 1)) {
                throw new ShapeException(mode + " axis must be in [" + (-rank) + ", " + (coerce2d ? rank : rank - 1)
                        + "], found " + axis);
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] shape = x.shapeView();
            int ax = (int) (axis < 0 ? axis + shape.length : axis);
            int outer = 1;
            for (int d = 0; d < ax; d++) {
                outer *= shape[d];
            }
            int n = 1;
            int inner = 1;
            for (int d = ax; d < shape.length; d++) {
                if (d == ax || coerce2d) {
                    n *= shape[d];
                } else {
                    inner *= shape[d];
                }
            }
            boolean f32 = x.dtype() == DType.FLOAT;
            apply(mode, f32 ? x.floats() : null, f32 ? null : x.doubles(), f32 ? out[0].floats() : null,
                    f32 ? null : out[0].doubles(), outer, n, inner);
        }
    }

    /**
     * Applies {@code mode} to each row of {@code n} elements (stride {@code inner}) of float32
     * ({@code xf}, {@code yf}) or float64 ({@code xd}, {@code yd}) data; accumulates in double.
     */
    static void apply(Mode mode, float[] xf, double[] xd, float[] yf, double[] yd, int outer, int n, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                row(mode, xf, xd, yf, yd, o * n * inner + i, n, inner);
            }
        }
    }

    private static void row(Mode mode, float[] xf, double[] xd, float[] yf, double[] yd, int base, int n, int inner) {
        double max = Double.NEGATIVE_INFINITY;
        int argMax = 0;
        for (int k = 0; k < n; k++) {
            double v = xf != null ? xf[base + k * inner] : xd[base + k * inner];
            if (v > max) {
                max = v;
                argMax = k;
            }
        }
        double sum = 0;
        for (int k = 0; mode != Mode.HARDMAX && k < n; k++) {
            int p = base + k * inner;
            double e = Math.exp((xf != null ? xf[p] : xd[p]) - max);
            sum += e;
            if (mode == Mode.SOFTMAX && yf != null) {
                yf[p] = (float) e;
            } else if (mode == Mode.SOFTMAX) {
                yd[p] = e;
            }
        }
        double logSum = Math.log(sum);
        for (int k = 0; k < n; k++) {
            int p = base + k * inner;
            double r = mode == Mode.HARDMAX ? (k == argMax ? 1 : 0)
                    : mode == Mode.LOG_SOFTMAX ? (xf != null ? xf[p] : xd[p]) - max - logSum
                    : (yf != null ? yf[p] : yd[p]) / sum;
            if (yf != null) {
                yf[p] = (float) r;
            } else {
                yd[p] = r;
            }
        }
    }
}
