package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Indexing: Slice, Gather, GatherElements, GatherND, OneHot, NonZero, Compress (scatters in ScatterOps, sorting in SortOps). */
public final class IndexingOps {
    private IndexingOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Slice", 1, n -> new Slice(n.getInts("starts", null), n.getInts("ends", null), n.getInts("axes", null), true));
        r.register("Slice", 10, n -> new Slice(null, null, null, false));
        r.register("Gather", 1, n -> new Gather(n.getInt("axis", 0)));
        r.register("GatherElements", 11, n -> new GatherElements(n.getInt("axis", 0)));
        r.register("GatherND", 11, n -> new GatherND(n.getInt("batch_dims", 0)));
        r.register("OneHot", 9, n -> new OneHot(n.getInt("axis", -1)));
        r.register("NonZero", 9, n -> new NonZero());
        r.register("Compress", 9, n -> new Compress(n.has("axis") ? n.getInt("axis", 0) : null));
    }

    /** An index into an axis of size {@code d}, negative counting from the end; fails when out of range. */
    static int index(long i, int d) {
        if (i < -d || i >= d) {
            throw new ShapeException("index " + i + " out of range for axis of size " + d + " (expected -" + d + ".." + (d - 1) + ")");
        }
        return (int) (i < 0 ? i + d : i);
    }

    /** Slice: strided window per axis; starts/ends/axes as attributes before opset 10, then inputs with steps (negative steps, clamping). */
    static final class Slice implements ShapeOps.Movement {
        final long[] startsAttr;
        final long[] endsAttr;
        final long[] axesAttr;
        final boolean fromAttributes;

        Slice(long[] starts, long[] ends, long[] axes, boolean fromAttributes) {
            this.startsAttr = starts;
            this.endsAttr = ends;
            this.axesAttr = axes;
            this.fromAttributes = fromAttributes;
        }

        /** {starts, steps, lengths} per axis of the input, or null when an input they come from is unknown. */
        private long[][] params(int[] shape, TensorType[] types, Tensor[] v) {
            long[] starts = startsAttr;
            long[] ends = endsAttr;
            long[] axes = axesAttr;
            long[] steps = null;
            if (!fromAttributes) {
                for (int i = 1; i < types.length; i++) {
                    if (types[i] != null && v[i] == null) {
                        return null;
                    }
                }
                starts = ShapeOps.longs(v[1]);
                ends = ShapeOps.longs(v[2]);
                axes = v.length > 3 && v[3] != null ? ShapeOps.longs(v[3]) : null;
                steps = v.length > 4 && v[4] != null ? ShapeOps.longs(v[4]) : null;
            }
            if (starts == null || ends == null || starts.length != ends.length || (axes != null && axes.length != starts.length)
                    || (steps != null && steps.length != starts.length)) {
                throw new ShapeException("starts, ends, axes and steps must have equal lengths, found " + Arrays.toString(starts)
                        + ", " + Arrays.toString(ends) + ", " + Arrays.toString(axes) + ", " + Arrays.toString(steps));
            }
            long[][] p = {new long[shape.length], new long[shape.length], new long[shape.length]};
            for (int a = 0; a < shape.length; a++) {
                p[1][a] = 1;
                p[2][a] = shape[a];
            }
            for (int i = 0; i < starts.length; i++) {
                int a = ShapeOps.axis(axes == null ? i : axes[i], shape.length);
                window(shape[a], starts[i], ends[i], steps == null ? 1 : steps[i], p, a);
            }
            return p;
        }

        private static void window(int d, long s, long e, long step, long[][] p, int a) {
            if (step == 0) {
                throw new ShapeException("step must not be 0 (axis " + a + ")");
            }
            s = s < 0 ? s + d : s;
            e = e < 0 ? e + d : e;
            long len;
            if (step > 0) {
                s = Math.max(0, Math.min(d, s));
                e = Math.max(0, Math.min(d, e));
                len = e > s ? (e - s - 1) / step + 1 : 0;
            } else {
                s = Math.max(0, Math.min(d - 1, s));
                e = Math.max(-1, Math.min(d - 1, e));
                len = s > e ? (s - e - 1) / -step + 1 : 0;
            }
            p[0][a] = s;
            p[1][a] = step;
            p[2][a] = len;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            long[][] p = params(in[0].shape(), in, values);
            if (p == null) {
                return new TensorType[1];
            }
            return ShapeOps.single(in[0].dtype(), ShapeOps.dims("Slice output", p[2]));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            long[][] p = params(x.shapeView(), new TensorType[in.length], in);
            int[] st = x.strides();
            int[] strides = new int[st.length];
            int offset = 0;
            for (int a = 0; a < st.length; a++) {
                if (p[2][a] > 0) {
                    offset += (int) p[0][a] * st[a];
                }
                strides[a] = (int) p[1][a] * st[a];
            }
            ShapeOps.stridedCopy(x, offset, strides, out[0], out[0].shapeView());
        }
    }

    /** Gather: picks entries of data along attribute axis by an index tensor (negative indices count from the end). */
    static final class Gather implements ShapeOps.Movement {
        final long axisAttr;

        Gather(long axisAttr) {
            this.axisAttr = axisAttr;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            int a = ShapeOps.axis(axisAttr, s.length);
            int[] ind = in[1].shape();
            int[] out = new int[s.length - 1 + ind.length];
            System.arraycopy(s, 0, out, 0, a);
            System.arraycopy(ind, 0, out, a, ind.length);
            System.arraycopy(s, a + 1, out, a + ind.length, s.length - a - 1);
            return ShapeOps.single(in[0].dtype(), out);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor ind = in[1];
            int a = ShapeOps.axis(axisAttr, x.rank());
            int outer = ShapeOps.prod(x.shapeView(), 0, a);
            int inner = ShapeOps.prod(x.shapeView(), a + 1, x.rank());
            int d = x.dim(a);
            int n = ind.size();
            for (int k = 0; k < n; k++) {
                int i = index(ind.getLong(k), d);
                for (int o = 0; o < outer; o++) {
                    out[0].copyFrom(x, (o * d + i) * inner, (o * n + k) * inner, inner);
                }
            }
        }
    }

    /** GatherElements: out[i..] = data[i.. with the axis coordinate replaced by indices[i..]]; attribute axis. */
    static final class GatherElements implements ShapeOps.Movement {
        final long axisAttr;

        GatherElements(long axisAttr) {
            this.axisAttr = axisAttr;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].rank() != in[1].rank()) {
                throw new ShapeException("indices rank " + in[1].rank() + " must equal data rank " + in[0].rank());
            }
            fitsData(in[1].shape(), in[0].shape(), ShapeOps.axis(axisAttr, in[0].rank()));
            return ShapeOps.single(in[0].dtype(), in[1].shape());
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor ind = in[1];
            int a = ShapeOps.axis(axisAttr, x.rank());
            int[] xs = x.strides();
            int[] shape = ind.shapeView();
            int[] is = ind.strides();
            for (int i = 0; i < ind.size(); i++) {
                int src = 0;
                for (int d = 0; d < shape.length; d++) {
                    int c = d == a ? index(ind.getLong(i), x.dim(a)) : i / is[d] % shape[d];
                    src += c * xs[d];
                }
                out[0].copyFrom(x, src, i, 1);
            }
        }
    }

    /** Fails unless an indices shape is within the data shape on every axis but {@code axis}. */
    static void fitsData(int[] indices, int[] data, int axis) {
        for (int d = 0; d < data.length; d++) {
            if (d != axis && indices[d] > data[d]) {
                throw new ShapeException("indices dim " + d + " is " + indices[d] + ", expected at most the data's " + data[d]);
            }
        }
    }

    /** GatherND: gathers slices of data addressed by the last axis of indices, after batch_dims leading batch axes. */
    static final class GatherND implements ShapeOps.Movement {
        final int b;

        GatherND(long batchDims) {
            this.b = (int) batchDims;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] ds = in[0].shape();
            int[] is = in[1].shape();
            int q = is.length;
            int m = q == 0 ? -1 : is[q - 1];
            if (b < 0 || b >= Math.min(q, ds.length) || m < 1 || m > ds.length - b
                    || !Arrays.equals(Arrays.copyOf(ds, b), Arrays.copyOf(is, b))) {
                throw new ShapeException("indices " + in[1].shapeString() + " do not address data " + in[0].shapeString()
                        + " with batch_dims " + b);
            }
            int[] out = new int[q - 1 + ds.length - b - m];
            System.arraycopy(is, 0, out, 0, q - 1);
            System.arraycopy(ds, b + m, out, q - 1, ds.length - b - m);
            return ShapeOps.single(in[0].dtype(), out);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor ind = in[1];
            int[] ds = x.shapeView();
            int[] st = x.strides();
            int m = ind.dim(-1);
            int batches = ShapeOps.prod(ds, 0, b);
            int batchSize = ShapeOps.prod(ds, b, ds.length);
            int slice = ShapeOps.prod(ds, b + m, ds.length);
            int tuples = ind.size() / m;
            int perBatch = batches == 0 ? 0 : tuples / batches;
            for (int t = 0; t < tuples; t++) {
                int src = perBatch == 0 ? 0 : t / perBatch * batchSize;
                for (int j = 0; j < m; j++) {
                    src += index(ind.getLong(t * m + j), ds[b + j]) * st[b + j];
                }
                out[0].copyFrom(x, src, t * slice, slice);
            }
        }
    }

    /** OneHot: inserts a depth-long axis at attribute axis holding values[1] at each index and values[0] elsewhere. */
    static final class OneHot implements ShapeOps.Movement {
        final long axisAttr;

        OneHot(long axisAttr) {
            this.axisAttr = axisAttr;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[2].rank() != 1 || in[2].shape()[0] != 2) {
                throw new ShapeException("values must be [off, on], found " + in[2].shapeString());
            }
            if (values[1] == null) {
                return new TensorType[1];
            }
            int[] s = in[0].shape();
            int a = ShapeOps.axis(axisAttr, s.length + 1);
            long[] out = new long[s.length + 1];
            for (int i = 0, j = 0; i < out.length; i++) {
                out[i] = i == a ? (long) values[1].getDouble(0) : s[j++];
            }
            return ShapeOps.single(in[2].dtype(), ShapeOps.dims("OneHot output", out));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor ind = in[0];
            Tensor y = out[0];
            int a = ShapeOps.axis(axisAttr, ind.rank() + 1);
            int depth = y.dim(a);
            int inner = ShapeOps.prod(ind.shapeView(), a, ind.rank());
            ShapeOps.fill(y, in[2], 0);
            for (int i = 0; i < ind.size(); i++) {
                long v = ind.getLong(i);
                v = v < 0 ? v + depth : v;
                if (v >= 0 && v < depth) {
                    y.copyFrom(in[2], 1, (int) ((i / inner * (long) depth + v) * inner + i % inner), 1);
                }
            }
        }
    }

    /** NonZero: int64 [rank, count] coordinates of the non-zero elements, in row-major order. */
    static final class NonZero implements ShapeOps.Movement {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            return new TensorType[1];
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int count = 0;
            for (int i = 0; i < x.size(); i++) {
                count += x.getBool(i) ? 1 : 0;
            }
            int[] shape = x.shapeView();
            int[] st = x.strides();
            Tensor y = Tensor.allocate(DType.INT64, shape.length, count);
            for (int i = 0, k = 0; i < x.size(); i++) {
                if (x.getBool(i)) {
                    for (int d = 0; d < shape.length; d++) {
                        y.setLong(d * count + k, i / st[d] % shape[d]);
                    }
                    k++;
                }
            }
            out[0] = y;
        }
    }

    /** Compress: keeps the slices along attribute axis (or flattened elements) where the bool condition is true. */
    static final class Compress implements ShapeOps.Movement {
        final Long axisAttr;

        Compress(Long axisAttr) {
            this.axisAttr = axisAttr;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[1].rank() != 1) {
                throw new ShapeException("condition must be 1-D, found " + in[1].shapeString());
            }
            if (axisAttr != null) {
                ShapeOps.axis(axisAttr, in[0].rank());
            }
            return new TensorType[1];
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor cond = in[1];
            int[] shape = axisAttr == null ? new int[] {x.size()} : x.shape();
            int a = axisAttr == null ? 0 : ShapeOps.axis(axisAttr, shape.length);
            int d = shape[a];
            int n = Math.min(d, cond.size());
            int kept = 0;
            for (int i = 0; i < n; i++) {
                kept += cond.getBool(i) ? 1 : 0;
            }
            int outer = ShapeOps.prod(shape, 0, a);
            int inner = ShapeOps.prod(shape, a + 1, shape.length);
            shape[a] = kept;
            Tensor y = Tensor.allocate(x.dtype(), shape);
            for (int o = 0, pos = 0; o < outer; o++) {
                for (int i = 0; i < n; i++) {
                    if (cond.getBool(i)) {
                        y.copyFrom(x, (o * d + i) * inner, pos, inner);
                        pos += inner;
                    }
                }
            }
            out[0] = y;
        }
    }
}
