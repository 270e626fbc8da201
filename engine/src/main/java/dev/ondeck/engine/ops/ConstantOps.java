package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Limits;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Generated tensors: Constant, ConstantOfShape, Range, EyeLike, Trilu. */
public final class ConstantOps {
    private ConstantOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Constant", 1, n -> new Constant(constantValue(n)));
        r.register("ConstantOfShape", 9, n -> new ConstantOfShape(n.getTensor("value")));
        r.register("Range", 11, n -> new Range());
        r.register("EyeLike", 9, n -> new EyeLike(n.has("dtype") ? onnxType(n, n.getInt("dtype", 1)) : null, n.getInt("k", 0)));
        r.register("Trilu", 14, n -> new Trilu(n.getInt("upper", 1) != 0));
    }

    private static DType onnxType(NodeSpec n, long code) {
        DType t = DType.fromOnnx((int) code);
        if (t == null) {
            throw n.invalid("dtype " + DType.onnxName((int) code) + " is not supported");
        }
        return t;
    }

    private static Tensor constantValue(NodeSpec n) {
        if (n.has("value_string") || n.has("value_strings") || n.has("sparse_value")) {
            throw n.invalid("string and sparse constants are not supported (expected value, value_float(s) or value_int(s))");
        }
        if (n.has("value")) {
            return n.getTensor("value");
        }
        if (n.has("value_float")) {
            return Tensor.scalar(n.getFloat("value_float", 0));
        }
        if (n.has("value_floats")) {
            float[] f = n.getFloats("value_floats", null);
            return Tensor.of(f, f.length);
        }
        if (n.has("value_int")) {
            return Tensor.scalar(n.getInt("value_int", 0));
        }
        if (n.has("value_ints")) {
            long[] v = n.getInts("value_ints", null);
            return Tensor.of(v, v.length);
        }
        throw n.invalid("Constant needs one of value, value_float(s), value_int(s)");
    }

    /** A diagonal offset clamped so that row + k cannot overflow (any |k| past 2^32 selects all or nothing). */
    static long clampDiagonal(long k) {
        return Math.max(-(1L << 32), Math.min(1L << 32, k));
    }

    /** A one-element zero tensor of a dtype, for {@link ShapeOps#fill}. */
    static Tensor zero(DType dtype) {
        return Tensor.allocate(dtype, 1);
    }

    /** Constant: the tensor given by attribute value, value_float, value_floats, value_int or value_ints. */
    static final class Constant implements ShapeOps.Movement {
        final Tensor value;

        Constant(Tensor value) {
            this.value = value;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            return ShapeOps.single(value.dtype(), value.shape());
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            ShapeOps.copyAll(value, out[0]);
        }
    }

    /** ConstantOfShape: a tensor of the shape in input 0 filled with attribute value (default float 0). */
    static final class ConstantOfShape implements ShapeOps.Movement {
        final Tensor value;

        ConstantOfShape(Tensor value) {
            this.value = value == null ? Tensor.of(new float[1], 1) : value;
            if (this.value.size() != 1) {
                throw new ShapeException("value must have one element, found " + this.value.size());
            }
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (values[0] == null) {
                return new TensorType[1];
            }
            return ShapeOps.single(value.dtype(), ShapeOps.dims("ConstantOfShape output", ShapeOps.longs(values[0])));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            ShapeOps.fill(out[0], value, 0);
        }
    }

    /** Range: start, start+delta, ... up to (excluding) limit; inputs are scalars of one type. */
    static final class Range implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            DType t = in[0].dtype();
            if (in[1].dtype() != t || in[2].dtype() != t) {
                throw new ShapeException("start, limit and delta must have one type, found " + t + ", " + in[1].dtype() + ", " + in[2].dtype());
            }
            if (values[0] == null || values[1] == null || values[2] == null) {
                return new TensorType[1];
            }
            long n = t.isFloating() ? floatCount(values) : intCount(values);
            return ShapeOps.single(t, ShapeOps.dims("Range output", new long[] {n}));
        }

        private static long floatCount(Tensor[] v) {
            double start = v[0].getDouble(0);
            double delta = v[2].getDouble(0);
            if (delta == 0) {
                throw new ShapeException("delta must not be 0");
            }
            double span = v[1].getDouble(0) - start;
            double n = Math.ceil(v[0].dtype() == DType.FLOAT ? (float) span / (float) delta : span / delta);
            return n > 0 ? (n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n) : 0;
        }

        private static long intCount(Tensor[] v) {
            long start = v[0].getLong(0);
            long limit = v[1].getLong(0);
            long delta = v[2].getLong(0);
            if (delta == 0) {
                throw new ShapeException("delta must not be 0");
            }
            double n = Math.ceil(((double) limit - start) / delta);
            if (n > Limits.maxElements()) {
                return Long.MAX_VALUE;
            }
            long span = delta > 0 ? limit - start : start - limit;
            long step = Math.abs(delta);
            return span <= 0 ? 0 : (span + step - 1) / step;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            if (y.dtype().isFloating()) {
                double start = in[0].getDouble(0);
                double delta = in[2].getDouble(0);
                for (int i = 0; i < y.size(); i++) {
                    y.setDouble(i, start + i * delta);
                }
            } else {
                long start = in[0].getLong(0);
                long delta = in[2].getLong(0);
                for (int i = 0; i < y.size(); i++) {
                    y.setLong(i, start + i * delta);
                }
            }
        }
    }

    /** EyeLike: a 2-D tensor of the input's shape with ones on diagonal k; attributes dtype (default: input's), k. */
    static final class EyeLike implements ShapeOps.Movement {
        final DType dtype;
        final long k;

        EyeLike(DType dtype, long k) {
            this.dtype = dtype;
            this.k = clampDiagonal(k);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].rank() != 2) {
                throw new ShapeException("EyeLike needs a rank-2 input, found rank " + in[0].rank());
            }
            return ShapeOps.single(dtype != null ? dtype : in[0].dtype(), in[0].shape());
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            ShapeOps.fill(y, zero(y.dtype()), 0);
            int rows = y.dim(0);
            int cols = y.dim(1);
            for (int i = 0; i < rows; i++) {
                long j = i + k;
                if (j >= 0 && j < cols) {
                    y.setLong(i * cols + (int) j, 1);
                }
            }
        }
    }

    /** Trilu: keeps the upper (attribute upper=1) or lower triangle of the last two axes relative to diagonal k (input 1), zeroes the rest. */
    static final class Trilu implements ShapeOps.Movement {
        final boolean upper;

        Trilu(boolean upper) {
            this.upper = upper;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].rank() < 2) {
                throw new ShapeException("Trilu needs rank >= 2, found rank " + in[0].rank());
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            long k = clampDiagonal(in.length > 1 && in[1] != null ? in[1].getLong(0) : 0);
            ShapeOps.fill(y, zero(y.dtype()), 0);
            int rows = x.dim(-2);
            int cols = x.dim(-1);
            int mats = rows * cols == 0 ? 0 : x.size() / (rows * cols);
            for (int m = 0; m < mats; m++) {
                for (int i = 0; i < rows; i++) {
                    long from = upper ? Math.max(0, i + k) : 0;
                    long to = upper ? cols : Math.min(cols, i + k + 1);
                    if (from < to) {
                        int base = (m * rows + i) * cols;
                        y.copyFrom(x, base + (int) from, base + (int) from, (int) (to - from));
                    }
                }
            }
        }
    }
}
