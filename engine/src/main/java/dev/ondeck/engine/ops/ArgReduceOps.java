package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Index reductions: ArgMax, ArgMin. */
public final class ArgReduceOps {
    private ArgReduceOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("ArgMax", 1, n -> new ArgExtreme(n, true));
        r.register("ArgMin", 1, n -> new ArgExtreme(n, false));
    }

    /** Index of the largest (ArgMax) or smallest (ArgMin) element along {@code axis}, as int64; honours keepdims and select_last_index. */
    static final class ArgExtreme implements Op {
        /** One comparison per input element. */
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 1L * inputs[0].elementCount();
        }

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
            int ax = ReduceOps.normalizeAxis(axis, shape.length);
            if (shape[ax] == 0) {
                throw new ShapeException((max ? "ArgMax" : "ArgMin") + " needs a non-empty axis " + ax + ", found shape "
                        + Arrays.toString(shape));
            }
            boolean[] mask = new boolean[shape.length];
            mask[ax] = true;
            return new TensorType[] {TensorType.of(DType.INT64, ReduceOps.reducedShape(shape, mask, keepDims))};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] shape = x.shapeView();
            int ax = ReduceOps.normalizeAxis(axis, shape.length);
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
