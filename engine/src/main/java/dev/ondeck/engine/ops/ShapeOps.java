package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Limits;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/**
 * Shape manipulation: Reshape, Flatten, Squeeze, Unsqueeze, Transpose (more in CopyOps,
 * ConstantOps, PadOps). Also the dtype-generic helpers the data-moving families share.
 */
public final class ShapeOps {
    private ShapeOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Reshape", 1, n -> new Reshape(n.getInts("shape", null), false));
        r.register("Reshape", 5, n -> new Reshape(null, false));
        r.register("Reshape", 14, n -> new Reshape(null, n.getInt("allowzero", 0) != 0));
        r.register("Flatten", 1, n -> new Flatten(n.getInt("axis", 1)));
        r.register("Squeeze", 1, n -> new Squeeze(n.getInts("axes", null), false));
        r.register("Squeeze", 13, n -> new Squeeze(null, true));
        r.register("Unsqueeze", 1, n -> new Unsqueeze(n.getInts("axes", null), false));
        r.register("Unsqueeze", 13, n -> new Unsqueeze(null, true));
        r.register("Transpose", 1, n -> new Transpose(n.getInts("perm", null)));
    }

    /** An op that only moves, copies or generates elements: no floating-point work. */
    /**
     * An op that only moves or selects elements (reshapes, transposes, slices, concatenations, gathers):
     * every output element is a copy of one input element, whatever the dtype.
     */
    public interface Movement extends Op {
        @Override
        default long flops(TensorType[] inputs, TensorType[] outputs) {
            return 0;
        }
    }

    /**
     * An op whose output depends only on its input's shape, never on its elements (Shape, Size): the plan
     * computes it at prepare time whenever that shape is static.
     */
    public interface ShapeOnly extends Movement {
        /** The output for an input of shape {@code shape}. */
        Tensor fromShape(int[] shape);
    }

    /** Normalizes a possibly negative axis against a rank, failing when out of range. */
    static int axis(long a, int rank) {
        if (a < -rank || a >= Math.max(rank, 1)) {
            throw new ShapeException("axis " + a + " out of range for rank " + rank + " (expected -" + rank + ".." + (rank - 1) + ")");
        }
        return (int) (a < 0 ? a + rank : a);
    }

    /** The values of an integer (or any numeric) tensor as longs. */
    static long[] longs(Tensor t) {
        long[] v = new long[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getLong(i);
        }
        return v;
    }

    /** A 64-bit shape as int dims, refusing negative dims and sizes over the element cap. */
    static int[] dims(String what, long[] d) {
        return Limits.checkedShape(what, d);
    }

    /** Product of {@code shape[from..to)}. */
    static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    /**
     * Fills {@code dst} (contiguous, of {@code shape}) from {@code src} read at {@code offset} plus the
     * per-axis {@code strides} (which may be zero or negative). Any dtype.
     */
    static void stridedCopy(Tensor src, int offset, int[] strides, Tensor dst, int[] shape) {
        int rank = shape.length;
        int total = dst.size();
        if (total == 0) {
            return;
        }
        if (rank == 0) {
            dst.copyFrom(src, offset, 0, 1);
            return;
        }
        int inner = shape[rank - 1];
        int step = strides[rank - 1];
        int[] idx = new int[rank];
        int pos = offset;
        boolean floats = src.dtype() == DType.FLOAT;
        for (int o = 0; o < total; o += inner) {
            if (step == 1) {
                dst.copyFrom(src, pos, o, inner);
            } else if (floats) {
                float[] s = src.floats();
                float[] d = dst.floats();
                for (int k = 0; k < inner; k++) {
                    d[o + k] = s[pos + k * step];
                }
            } else {
                for (int k = 0; k < inner; k++) {
                    dst.copyFrom(src, pos + k * step, o + k, 1);
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                idx[d]++;
                pos += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                pos -= strides[d] * idx[d];
                idx[d] = 0;
            }
        }
    }

    /** Copies all of {@code in} into {@code out} (same size and dtype). */
    static void copyAll(Tensor in, Tensor out) {
        if (in.dtype() != out.dtype() || in.size() != out.size()) {
            throw new ShapeException("cannot copy " + in.dtype() + Arrays.toString(in.shapeView()) + " into "
                    + out.dtype() + Arrays.toString(out.shapeView()));
        }
        out.copyFrom(in, 0, 0, in.size());
    }

    /** Fills {@code out} entirely with element {@code at} of {@code value} (same dtype), by doubling copies. */
    static void fill(Tensor out, Tensor value, int at) {
        int n = out.size();
        if (n == 0) {
            return;
        }
        out.copyFrom(value, at, 0, 1);
        for (int done = 1; done < n; done *= 2) {
            out.copyFrom(out, 0, done, Math.min(done, n - done));
        }
    }

    static TensorType[] single(DType dtype, int... shape) {
        return new TensorType[] {TensorType.of(dtype, shape)};
    }

    /** Reshape: output of the input's elements in a new shape (0 copies a dim unless allowzero, -1 infers); shape attribute before opset 5. */
    static final class Reshape implements Movement {
        final long[] shapeAttr;
        final boolean allowZero;

        Reshape(long[] shapeAttr, boolean allowZero) {
            this.shapeAttr = shapeAttr;
            this.allowZero = allowZero;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            long[] spec = shapeAttr;
            if (spec == null) {
                if (in.length < 2 || in[1] == null) {
                    throw new ShapeException("Reshape needs a shape input or attribute");
                }
                if (values[1] == null) {
                    return new TensorType[1];
                }
                spec = longs(values[1]);
            }
            return single(in[0].dtype(), target(in[0].shape(), spec));
        }

        private int[] target(int[] inShape, long[] spec) {
            long[] out = new long[spec.length];
            int unknown = -1;
            long known = 1;
            for (int i = 0; i < spec.length; i++) {
                long d = spec[i];
                if (d == 0 && !allowZero) {
                    if (i >= inShape.length) {
                        throw new ShapeException("shape " + Arrays.toString(spec) + " copies dim " + i + " of rank-" + inShape.length + " input");
                    }
                    d = inShape[i];
                } else if (d == -1) {
                    if (unknown >= 0) {
                        throw new ShapeException("shape " + Arrays.toString(spec) + " has more than one -1");
                    }
                    unknown = i;
                    continue;
                } else if (d < 0) {
                    throw new ShapeException("shape " + Arrays.toString(spec) + " has negative dim " + d);
                }
                out[i] = d;
                known = d != 0 && known > Long.MAX_VALUE / d ? Long.MAX_VALUE : known * d;
            }
            long total = prod(inShape, 0, inShape.length);
            if (unknown >= 0) {
                if (known == 0 || total % known != 0) {
                    throw new ShapeException("cannot infer -1 in " + Arrays.toString(spec) + " for " + total + " elements");
                }
                out[unknown] = total / known;
                known = total;
            }
            if (known != total) {
                throw new ShapeException("cannot reshape " + Arrays.toString(inShape) + " (" + total + " elements) to "
                        + Arrays.toString(spec) + " (" + known + " elements)");
            }
            return dims("Reshape output", out);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            copyAll(in[0], out[0]);
        }
    }

    /** Flatten: 2-D output [prod(dims before axis), prod(dims from axis)]; attribute axis (negative from opset 11). */
    static final class Flatten implements Movement {
        final long axisAttr;

        Flatten(long axisAttr) {
            this.axisAttr = axisAttr;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            int a = axisAttr == s.length ? s.length : axis(axisAttr, s.length);
            return single(in[0].dtype(), prod(s, 0, a), prod(s, a, s.length));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            copyAll(in[0], out[0]);
        }
    }

    /** Axes from an attribute or (when {@code fromInput}) from input 1; null when unknown or absent. */
    static long[] axesOf(long[] attr, boolean fromInput, Tensor[] values) {
        if (!fromInput) {
            return attr;
        }
        return values.length > 1 && values[1] != null ? longs(values[1]) : null;
    }

    /** Squeeze: removes the listed size-1 axes (all size-1 axes when none); axes attribute before opset 13, input from 13. */
    static final class Squeeze implements Movement {
        final long[] axesAttr;
        final boolean fromInput;

        Squeeze(long[] axesAttr, boolean fromInput) {
            this.axesAttr = axesAttr;
            this.fromInput = fromInput;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            long[] axes = axesOf(axesAttr, fromInput, values);
            if (axes == null && fromInput && in.length > 1 && in[1] != null) {
                return new TensorType[1];
            }
            boolean[] drop = new boolean[s.length];
            if (axes == null) {
                for (int i = 0; i < s.length; i++) {
                    drop[i] = s[i] == 1;
                }
            }
            for (long a : axes == null ? new long[0] : axes) {
                int k = axis(a, s.length);
                if (s[k] != 1) {
                    throw new ShapeException("cannot squeeze axis " + a + " of size " + s[k] + " (expected 1)");
                }
                drop[k] = true;
            }
            int[] out = new int[s.length];
            int r = 0;
            for (int i = 0; i < s.length; i++) {
                if (!drop[i]) {
                    out[r++] = s[i];
                }
            }
            return single(in[0].dtype(), Arrays.copyOf(out, r));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            copyAll(in[0], out[0]);
        }
    }

    /** Unsqueeze: inserts size-1 axes at the listed output positions; axes attribute before opset 13, input from 13. */
    static final class Unsqueeze implements Movement {
        final long[] axesAttr;
        final boolean fromInput;

        Unsqueeze(long[] axesAttr, boolean fromInput) {
            this.axesAttr = axesAttr;
            this.fromInput = fromInput;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            long[] axes = axesOf(axesAttr, fromInput, values);
            if (axes == null) {
                if (fromInput && in.length > 1 && in[1] != null) {
                    return new TensorType[1];
                }
                throw new ShapeException("Unsqueeze needs axes");
            }
            int rank = s.length + axes.length;
            boolean[] inserted = new boolean[rank];
            for (long a : axes) {
                int k = axis(a, rank);
                if (inserted[k]) {
                    throw new ShapeException("axis " + a + " repeated in " + Arrays.toString(axes));
                }
                inserted[k] = true;
            }
            int[] out = new int[rank];
            int j = 0;
            for (int i = 0; i < rank; i++) {
                out[i] = inserted[i] ? 1 : s[j++];
            }
            return single(in[0].dtype(), out);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            copyAll(in[0], out[0]);
        }
    }

    /** Transpose: permutes axes by attribute perm (default: reversed). */
    public static final class Transpose implements Movement {
        final long[] permAttr;

        Transpose(long[] permAttr) {
            this.permAttr = permAttr;
        }

        /** The permutation for an input of rank {@code rank}: output axis i is input axis {@code perm[i]}. */
        public int[] permutation(int rank) {
            return perm(rank);
        }

        private int[] perm(int rank) {
            int[] p = new int[rank];
            boolean[] seen = new boolean[rank];
            if (permAttr != null && permAttr.length != rank) {
                throw new ShapeException("perm " + Arrays.toString(permAttr) + " has " + permAttr.length + " entries, expected " + rank);
            }
            for (int i = 0; i < rank; i++) {
                p[i] = permAttr == null ? rank - 1 - i : axis(permAttr[i], rank);
                if (seen[p[i]]) {
                    throw new ShapeException("perm " + Arrays.toString(permAttr) + " is not a permutation");
                }
                seen[p[i]] = true;
            }
            return p;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            int[] p = perm(s.length);
            int[] out = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[p[i]];
            }
            return single(in[0].dtype(), out);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] p = perm(in[0].rank());
            int[] st = in[0].strides();
            int[] ps = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                ps[i] = st[p[i]];
            }
            stridedCopy(in[0], 0, ps, out[0], out[0].shapeView());
        }
    }
}
