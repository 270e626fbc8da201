package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Variadic elementwise reductions over inputs with broadcasting: Max, Min, Sum, Mean. */
public final class VariadicOps {
    private VariadicOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Max", 1, n -> new Variadic("Max", Fold.MAX));
        r.register("Min", 1, n -> new Variadic("Min", Fold.MIN));
        r.register("Sum", 1, n -> new Variadic("Sum", Fold.SUM));
        r.register("Mean", 1, n -> new Variadic("Mean", Fold.MEAN));
    }

    /** How two values combine; Max/Min propagate NaN, uint64 compares unsigned. */
    enum Fold {
        MAX, MIN, SUM, MEAN;

        double apply(double acc, double v) {
            switch (this) {
                case MAX: return Math.max(acc, v);
                case MIN: return Math.min(acc, v);
                default: return acc + v;
            }
        }

        long apply(long acc, long v, boolean u64) {
            switch (this) {
                case MAX: return (u64 ? Long.compareUnsigned(acc, v) : Long.compare(acc, v)) >= 0 ? acc : v;
                case MIN: return (u64 ? Long.compareUnsigned(acc, v) : Long.compare(acc, v)) <= 0 ? acc : v;
                default: return acc + v;
            }
        }
    }

    /** Max, Min, Sum or Mean of one or more inputs of one numeric type (Mean needs floating types). */
    static final class Variadic implements Op {
        final String name;
        final Fold fold;

        Variadic(String name, Fold fold) {
            this.name = name;
            this.fold = fold;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in.length == 0) {
                throw new ShapeException(name + " needs at least one input, found none");
            }
            DType t = in[0].dtype();
            int[][] shapes = new int[in.length][];
            for (int k = 0; k < in.length; k++) {
                if (in[k] == null || in[k].dtype() != t) {
                    throw new ShapeException(name + " needs inputs of one type, input " + k + " is "
                            + (in[k] == null ? "absent" : in[k].dtype()) + ", input 0 is " + t);
                }
                shapes[k] = in[k].shape();
            }
            if (t == DType.BOOL || (fold == Fold.MEAN && !t.isFloating())) {
                throw new ShapeException(name + " does not accept " + t + " inputs");
            }
            return new TensorType[] {TensorType.of(t, Broadcast.shape(shapes))};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            for (int k = 0; k < in.length; k++) {
                int[] map = Broadcast.indexMap(in[k].shapeView(), y.shapeView());
                if (y.dtype() == DType.FLOAT) {
                    foldFloat(in[k].floats(), map, y.floats(), y.size(), k == 0);
                } else if (y.dtype().isFloating()) {
                    for (int i = 0; i < y.size(); i++) {
                        double v = in[k].getDouble(map == null ? i : map[i]);
                        y.setDouble(i, k == 0 ? v : fold.apply(y.getDouble(i), v));
                    }
                } else {
                    boolean u64 = y.dtype() == DType.UINT64;
                    for (int i = 0; i < y.size(); i++) {
                        long v = in[k].getLong(map == null ? i : map[i]);
                        y.setLong(i, k == 0 ? v : fold.apply(y.getLong(i), v, u64));
                    }
                }
            }
            if (fold == Fold.MEAN) {
                for (int i = 0; i < y.size(); i++) {
                    y.setDouble(i, y.getDouble(i) / in.length);
                }
            }
        }

        private void foldFloat(float[] x, int[] map, float[] y, int n, boolean first) {
            if (first) {
                for (int i = 0; i < n; i++) {
                    y[i] = x[map == null ? i : map[i]];
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                y[i] = (float) fold.apply(y[i], x[map == null ? i : map[i]]);
            }
        }
    }
}
