package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Scattering and scanning: Scatter, ScatterElements, ScatterND, ReverseSequence, CumSum. */
public final class ScatterOps {
    private ScatterOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Scatter", 9, n -> new ScatterElements(n.getInt("axis", 0), NONE));
        r.register("ScatterElements", 11, n -> new ScatterElements(n.getInt("axis", 0), reduction(n)));
        r.register("ScatterND", 11, n -> new ScatterND(reduction(n)));
        r.register("ReverseSequence", 10, n -> new ReverseSequence(n.getInt("batch_axis", 1), n.getInt("time_axis", 0)));
        r.register("CumSum", 11, n -> new CumSum(n.getInt("exclusive", 0) != 0, n.getInt("reverse", 0) != 0));
    }

    static final int NONE = 0;
    static final int ADD = 1;
    static final int MUL = 2;
    static final int MAX = 3;
    static final int MIN = 4;

    private static int reduction(NodeSpec n) {
        int r = Arrays.asList("none", "add", "mul", "max", "min").indexOf(n.getString("reduction", "none"));
        if (r < 0) {
            throw n.invalid("reduction '" + n.getString("reduction", "none") + "' is not one of none, add, mul, max, min");
        }
        return r;
    }

    /** y[di] = reduce(y[di], u[si]) for any dtype (replace when {@code red} is NONE). */
    static void combine(Tensor y, int di, Tensor u, int si, int red) {
        if (red == NONE) {
            y.copyFrom(u, si, di, 1);
        } else if (y.dtype().isFloating()) {
            double a = y.getDouble(di);
            double b = u.getDouble(si);
            y.setDouble(di, red == ADD ? a + b : red == MUL ? a * b : red == MAX ? Math.max(a, b) : Math.min(a, b));
        } else {
            long a = y.getLong(di);
            long b = u.getLong(si);
            int c = y.dtype().isUnsigned() ? Long.compareUnsigned(a, b) : Long.compare(a, b);
            y.setLong(di, red == ADD ? a + b : red == MUL ? a * b : red == MAX ? (c >= 0 ? a : b) : (c <= 0 ? a : b));
        }
    }

    /** ScatterElements (and deprecated Scatter): copies data, then writes updates at the axis positions given by indices; attributes axis, reduction (none/add/mul/max/min). */
    static final class ScatterElements implements Op {
        final long axisAttr;
        final int red;

        ScatterElements(long axisAttr, int red) {
            this.axisAttr = axisAttr;
            this.red = red;
        }

        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return red == NONE ? 0 : inputs[2].elementCount();
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[1].rank() != in[0].rank() || !Arrays.equals(in[1].shape(), in[2].shape()) || in[2].dtype() != in[0].dtype()) {
                throw new ShapeException("indices and updates must share one shape of the data's rank, and updates the data's type");
            }
            IndexingOps.fitsData(in[1].shape(), in[0].shape(), ShapeOps.axis(axisAttr, in[0].rank()));
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            Tensor ind = in[1];
            ShapeOps.copyAll(in[0], y);
            int a = ShapeOps.axis(axisAttr, y.rank());
            int[] ys = y.strides();
            int[] shape = ind.shapeView();
            int[] is = ind.strides();
            for (int i = 0; i < ind.size(); i++) {
                int dst = 0;
                for (int d = 0; d < shape.length; d++) {
                    int c = d == a ? IndexingOps.index(ind.getLong(i), y.dim(a)) : i / is[d] % shape[d];
                    dst += c * ys[d];
                }
                combine(y, dst, in[2], i, red);
            }
        }
    }

    /** ScatterND: copies data, then writes update slices at the positions in the last axis of indices; attribute reduction. */
    static final class ScatterND implements Op {
        final int red;

        ScatterND(int red) {
            this.red = red;
        }

        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return red == NONE ? 0 : inputs[2].elementCount();
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] ds = in[0].shape();
            int[] is = in[1].shape();
            int k = is.length == 0 ? -1 : is[is.length - 1];
            int[] expected = new int[Math.max(0, is.length - 1 + ds.length - k)];
            if (k >= 1 && k <= ds.length) {
                System.arraycopy(is, 0, expected, 0, is.length - 1);
                System.arraycopy(ds, k, expected, is.length - 1, ds.length - k);
            }
            if (k < 1 || k > ds.length || !Arrays.equals(expected, in[2].shape()) || in[2].dtype() != in[0].dtype()) {
                throw new ShapeException("updates " + in[2] + " must be " + in[0].dtype() + Arrays.toString(expected)
                        + " for data " + in[0].shapeString() + " and indices " + in[1].shapeString());
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            Tensor ind = in[1];
            ShapeOps.copyAll(in[0], y);
            int[] st = y.strides();
            int k = ind.dim(-1);
            int slice = ShapeOps.prod(y.shapeView(), k, y.rank());
            for (int t = 0; t < ind.size() / k; t++) {
                int dst = 0;
                for (int j = 0; j < k; j++) {
                    dst += IndexingOps.index(ind.getLong(t * k + j), y.dim(j)) * st[j];
                }
                for (int e = 0; e < slice; e++) {
                    combine(y, dst + e, in[2], t * slice + e, red);
                }
            }
        }
    }

    /** ReverseSequence: reverses the first sequence_lens[b] entries along time_axis for each batch b along batch_axis. */
    static final class ReverseSequence implements ShapeOps.Movement {
        final long batchAxis;
        final long timeAxis;

        ReverseSequence(long batchAxis, long timeAxis) {
            this.batchAxis = batchAxis;
            this.timeAxis = timeAxis;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int r = in[0].rank();
            if (r < 2 || ShapeOps.axis(batchAxis, r) == ShapeOps.axis(timeAxis, r)) {
                throw new ShapeException("expected rank >= 2 with distinct batch and time axes, found rank " + r);
            }
            if (in[1].rank() != 1 || in[1].shape()[0] != in[0].shape()[ShapeOps.axis(batchAxis, r)]) {
                throw new ShapeException("sequence_lens " + in[1].shapeString() + " must have one entry per batch");
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int ba = ShapeOps.axis(batchAxis, x.rank());
            int ta = ShapeOps.axis(timeAxis, x.rank());
            int[] st = x.strides();
            int steps = x.dim(ta);
            for (int i = 0; i < x.size(); i++) {
                int t = i / st[ta] % steps;
                long len = Math.min(steps, in[1].getLong(i / st[ba] % x.dim(ba)));
                int src = t < len ? i + (int) (len - 1 - 2L * t) * st[ta] : i;
                out[0].copyFrom(x, src, i, 1);
            }
        }
    }

    /** CumSum: running sums along the axis given by input 1; attributes exclusive, reverse. */
    static final class CumSum implements Op {
        final boolean exclusive;
        final boolean reverse;

        CumSum(boolean exclusive, boolean reverse) {
            this.exclusive = exclusive;
            this.reverse = reverse;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (values[1] != null) {
                ShapeOps.axis(values[1].getLong(0), in[0].rank());
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            int a = ShapeOps.axis(in[1].getLong(0), x.rank());
            int d = x.dim(a);
            int inner = ShapeOps.prod(x.shapeView(), a + 1, x.rank());
            int outer = ShapeOps.prod(x.shapeView(), 0, a);
            boolean floating = x.dtype().isFloating();
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < inner; k++) {
                    double fsum = 0;
                    long isum = 0;
                    for (int j = 0; j < d; j++) {
                        int i = (o * d + (reverse ? d - 1 - j : j)) * inner + k;
                        double fv = floating ? x.getDouble(i) : 0;
                        long iv = floating ? 0 : x.getLong(i);
                        if (!exclusive) {
                            fsum += fv;
                            isum += iv;
                        }
                        if (floating) {
                            y.setDouble(i, fsum);
                        } else {
                            y.setLong(i, isum);
                        }
                        fsum += exclusive ? fv : 0;
                        isum += exclusive ? iv : 0;
                    }
                }
            }
        }
    }
}
