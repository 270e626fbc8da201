package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Limits;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;
import java.util.Random;

/** Copying ops: Concat, Split, Identity, Dropout (inference and training), Shape, Size, Expand, Tile. */
public final class CopyOps {
    private CopyOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Concat", 1, n -> new Concat(n.getInt("axis", 1)));
        r.register("Concat", 4, n -> new Concat(n.requireInt("axis")));
        r.register("Split", 1, n -> new Split(n.getInt("axis", 0), n.getInts("split", null), n.hasInput(1), 0));
        r.register("Split", 2, n -> new Split(n.getInt("axis", 0), n.getInts("split", null), false, 0));
        r.register("Split", 13, n -> new Split(n.getInt("axis", 0), null, n.hasInput(1), 0));
        r.register("Split", 18, n -> new Split(n.getInt("axis", 0), null, n.hasInput(1), n.getInt("num_outputs", 0)));
        r.register("Identity", 1, n -> new Identity());
        r.register("Dropout", 1, n -> new Dropout(n.getFloat("ratio", 0.5f), n.getInt("is_test", 0) == 0, false, n));
        r.register("Dropout", 7, n -> new Dropout(n.getFloat("ratio", 0.5f), false, false, n));
        r.register("Dropout", 10, n -> new Dropout(n.getFloat("ratio", 0.5f), false, true, n));
        r.register("Dropout", 12, n -> new Dropout(0.5f, false, true, n));
        r.register("Shape", 1, n -> new Shape(0, Long.MAX_VALUE));
        r.register("Shape", 15, n -> new Shape(n.getInt("start", 0), n.getInt("end", Long.MAX_VALUE)));
        r.register("Size", 1, n -> new Size());
        r.register("Expand", 8, n -> new Expand());
        r.register("Tile", 6, n -> new Tile());
    }

    /** Concat: joins inputs along attribute axis (default 1 before opset 4, negative from opset 11). */
    public static final class Concat implements ShapeOps.Movement {
        final long axisAttr;

        Concat(long axisAttr) {
            this.axisAttr = axisAttr;
        }

        /** The concatenation axis for inputs of this rank (a negative attribute counted from the end). */
        public int axis(int rank) {
            return ShapeOps.axis(axisAttr, rank);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] out = in[0].shape();
            int a = ShapeOps.axis(axisAttr, out.length);
            for (int k = 1; k < in.length; k++) {
                int[] s = in[k].shape();
                if (in[k].dtype() != in[0].dtype() || s.length != out.length) {
                    throw new ShapeException("input " + k + " is " + in[k] + ", expected " + in[0].dtype() + " of rank " + out.length);
                }
                for (int i = 0; i < s.length; i++) {
                    if (i != a && s[i] != out[i]) {
                        throw new ShapeException("input " + k + " has dim " + i + " = " + s[i] + ", expected " + out[i]);
                    }
                }
                out[a] += s[a];
            }
            return ShapeOps.single(in[0].dtype(), out);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            int a = ShapeOps.axis(axisAttr, y.rank());
            int outer = ShapeOps.prod(y.shapeView(), 0, a);
            int inner = ShapeOps.prod(y.shapeView(), a + 1, y.rank());
            int outChunk = y.dim(a) * inner;
            int offset = 0;
            for (Tensor x : in) {
                int chunk = x.dim(a) * inner;
                for (int o = 0; o < outer; o++) {
                    y.copyFrom(x, o * chunk, o * outChunk + offset, chunk);
                }
                offset += chunk;
            }
        }
    }

    /** Split: cuts the input along axis into parts sized by split (attribute or input), num_outputs (opset 18) or equally (last part smaller). */
    static final class Split implements ShapeOps.Movement {
        final long axisAttr;
        final long[] splitAttr;
        final boolean splitFromInput;
        final long numOutputs;

        Split(long axisAttr, long[] splitAttr, boolean splitFromInput, long numOutputs) {
            this.axisAttr = axisAttr;
            this.splitAttr = splitAttr;
            this.splitFromInput = splitFromInput;
            this.numOutputs = numOutputs;
        }

        private long[] sizes(int dim, Tensor[] values, int outputCount) {
            if (splitFromInput) {
                return values[1] == null ? null : ShapeOps.longs(values[1]);
            }
            if (splitAttr != null) {
                return splitAttr;
            }
            int parts = numOutputs > 0 ? (int) numOutputs : outputCount;
            if (numOutputs > 0 && numOutputs != outputCount) {
                throw new ShapeException("num_outputs is " + numOutputs + " but the node has " + outputCount + " outputs");
            }
            long chunk = (dim + parts - 1) / parts;
            long[] s = new long[parts];
            for (int i = 0; i < parts; i++) {
                s[i] = Math.max(0, Math.min(chunk, dim - chunk * i));
            }
            return s;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] shape = in[0].shape();
            int a = ShapeOps.axis(axisAttr, shape.length);
            long[] sizes = sizes(shape[a], values, outputCount);
            TensorType[] out = new TensorType[outputCount];
            if (sizes == null) {
                return out;
            }
            long sum = 0;
            for (long s : sizes) {
                sum += s;
            }
            if (sizes.length != outputCount || sum != shape[a]) {
                throw new ShapeException("split " + Arrays.toString(sizes) + " must have " + outputCount
                        + " entries summing to dim " + shape[a]);
            }
            for (int i = 0; i < outputCount; i++) {
                shape[a] = (int) sizes[i];
                out[i] = TensorType.of(in[0].dtype(), shape);
            }
            return out;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int a = ShapeOps.axis(axisAttr, x.rank());
            int outer = ShapeOps.prod(x.shapeView(), 0, a);
            int inner = ShapeOps.prod(x.shapeView(), a + 1, x.rank());
            int inChunk = x.dim(a) * inner;
            int offset = 0;
            for (Tensor y : out) {
                if (y == null) {
                    continue;
                }
                int chunk = y.dim(a) * inner;
                for (int o = 0; o < outer; o++) {
                    y.copyFrom(x, o * inChunk + offset, o * chunk, chunk);
                }
                offset += chunk;
            }
        }
    }

    /** Identity: a copy of the input. */
    static final class Identity implements ShapeOps.Movement {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            ShapeOps.copyAll(in[0], out[0]);
        }
    }

    /**
     * Dropout: a copy in inference mode, with the optional mask all true; in training mode (is_test=0
     * before opset 7, training_mode input from opset 12) zeroes elements with probability ratio (attribute,
     * or input from opset 12) and scales the rest by 1/(1-ratio), drawn from attribute seed when given.
     */
    static final class Dropout implements Op {
        final float ratioAttr;
        final boolean trainingAttr;
        final boolean boolMask;
        final boolean trainingInput;
        final Long seed;

        Dropout(float ratioAttr, boolean trainingAttr, boolean boolMask, NodeSpec n) {
            this.ratioAttr = ratioAttr;
            this.trainingAttr = trainingAttr;
            this.boolMask = boolMask;
            this.trainingInput = n.opset() >= 12 && n.hasInput(2);
            this.seed = n.has("seed") ? n.getInt("seed", 0) : null;
        }

        @Override
        public boolean isDeterministic() {
            return !trainingAttr && !trainingInput;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            TensorType[] out = new TensorType[outputCount];
            out[0] = in[0];
            if (outputCount > 1) {
                out[1] = TensorType.of(boolMask ? DType.BOOL : in[0].dtype(), in[0].shape());
            }
            return out;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            boolean training = trainingAttr || (trainingInput && in[2] != null && in[2].getBool(0));
            float ratio = in.length > 1 && in[1] != null ? (float) in[1].getDouble(0) : ratioAttr;
            Tensor x = in[0];
            Tensor mask = out.length > 1 ? out[1] : null;
            if (!training || ratio == 0) {
                ShapeOps.copyAll(x, out[0]);
                for (int i = 0; mask != null && i < mask.size(); i++) {
                    mask.setLong(i, 1);
                }
                return;
            }
            Random rnd = seed != null ? new Random(seed) : new Random();
            double scale = 1.0 / (1.0 - ratio);
            for (int i = 0; i < x.size(); i++) {
                boolean keep = rnd.nextFloat() >= ratio;
                out[0].setDouble(i, keep ? x.getDouble(i) * scale : 0);
                if (mask != null) {
                    mask.setLong(i, keep ? 1 : 0);
                }
            }
        }
    }

    /** Shape: the input's dims as int64, sliced by attributes start/end (opset 15, clamped). */
    static final class Shape implements ShapeOps.ShapeOnly {
        final long start;
        final long end;

        Shape(long start, long end) {
            this.start = start;
            this.end = end;
        }

        private static int clamp(long v, int rank) {
            long w = v < 0 ? v + rank : v;
            return (int) Math.max(0, Math.min(rank, w));
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int r = in[0].rank();
            return ShapeOps.single(DType.INT64, Math.max(0, clamp(end, r) - clamp(start, r)));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] s = in[0].shapeView();
            int from = clamp(start, s.length);
            for (int i = 0; i < out[0].size(); i++) {
                out[0].setLong(i, s[from + i]);
            }
        }

        @Override
        public Tensor fromShape(int[] shape) {
            int from = clamp(start, shape.length);
            long[] dims = new long[Math.max(0, clamp(end, shape.length) - from)];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape[from + i];
            }
            return Tensor.of(dims, dims.length);
        }
    }

    /** Size: the input's element count as an int64 scalar. */
    static final class Size implements ShapeOps.ShapeOnly {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            return ShapeOps.single(DType.INT64);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            out[0].setLong(0, in[0].size());
        }

        @Override
        public Tensor fromShape(int[] shape) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return Tensor.scalar(n);
        }
    }

    /** Expand: broadcasts the input to the shape given by input 1 (numpy rules, either side may be 1). */
    static final class Expand implements ShapeOps.Movement {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (values[1] == null) {
                return new TensorType[1];
            }
            int[] target = ShapeOps.dims("Expand shape", ShapeOps.longs(values[1]));
            int[] out = Broadcast.shape(in[0].shape(), target);
            Limits.checkedSize("Expand output", out);
            return ShapeOps.single(in[0].dtype(), out);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] os = out[0].shapeView();
            int[] is = in[0].shapeView();
            int[] st = in[0].strides();
            int[] bs = new int[os.length];
            for (int i = 0; i < is.length; i++) {
                int o = os.length - is.length + i;
                bs[o] = is[i] == 1 ? 0 : st[i];
            }
            ShapeOps.stridedCopy(in[0], 0, bs, out[0], os);
        }
    }

    /** Tile: repeats the input repeats[i] times along each axis (repeats from input 1). */
    static final class Tile implements ShapeOps.Movement {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (values[1] == null) {
                return new TensorType[1];
            }
            int[] s = in[0].shape();
            long[] rep = ShapeOps.longs(values[1]);
            if (rep.length != s.length) {
                throw new ShapeException("repeats has " + rep.length + " entries, expected " + s.length);
            }
            long[] out = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                if (rep[i] < 0) {
                    throw new ShapeException("negative repeat " + rep[i] + " on axis " + i);
                }
                out[i] = rep[i] > Integer.MAX_VALUE ? Long.MAX_VALUE : rep[i] * s[i];
            }
            return ShapeOps.single(in[0].dtype(), ShapeOps.dims("Tile output", out));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] s = in[0].shapeView();
            int[] os = out[0].shapeView();
            int[] st = in[0].strides();
            int[] shape = new int[2 * s.length];
            int[] strides = new int[2 * s.length];
            for (int i = 0; i < s.length; i++) {
                shape[2 * i] = s[i] == 0 ? 0 : os[i] / s[i];
                shape[2 * i + 1] = s[i];
                strides[2 * i + 1] = st[i];
            }
            ShapeOps.stridedCopy(in[0], 0, strides, out[0], shape);
        }
    }
}
