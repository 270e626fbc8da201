package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Resize and Upsample: separable nearest/linear/cubic resampling of N-D tensors. */
public final class ResizeOps {
    private ResizeOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Upsample", 7, n -> Resize.legacy(n, -1, toDoubles(n.getFloats("scales", null))));
        r.register("Upsample", 9, n -> Resize.legacy(n, 1, null));
        r.register("Resize", 10, n -> Resize.legacy(n, 1, null));
        r.register("Resize", 11, Resize::modern);
    }

    private static double[] toDoubles(float[] f) {
        if (f == null) {
            return null;
        }
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * Resize (opset 10/11+) and Upsample (7/9): output = input resampled by scales or to sizes; honours mode,
     * coordinate_transformation_mode, nearest_mode, cubic_coeff_a, exclude_outside, extrapolation_value,
     * antialias, axes and keep_aspect_ratio_policy.
     */
    public static final class Resize implements Op {
        /**
         * True when every output element copies one input element: nearest mode without antialiasing or
         * tf_crop_and_resize (whose extrapolation writes constants).
         */
        public boolean isPureNearest() {
            return weights.mode == ImageOps.Mode.NEAREST && !weights.antialias
                    && weights.coord != ImageOps.Coord.TF_CROP_AND_RESIZE;
        }

        int roiInput = -1;
        int scalesInput = -1;
        int sizesInput = -1;
        double[] fixedScales;
        final ImageOps.Resampler weights = new ImageOps.Resampler();
        double extrapolation;
        long[] axes;
        int keepPolicy;

        static Resize legacy(NodeSpec n, int scalesInput, double[] fixedScales) {
            Resize op = new Resize();
            op.weights.mode = ImageOps.parse(n, ImageOps.Mode.class, "mode", n.getString("mode", "nearest"));
            if (op.weights.mode == ImageOps.Mode.CUBIC) {
                throw n.invalid("mode must be nearest or linear before opset 11, found cubic");
            }
            op.scalesInput = scalesInput;
            op.fixedScales = fixedScales;
            if (scalesInput < 0 && fixedScales == null) {
                throw n.invalid("Upsample needs the scales attribute");
            }
            return op;
        }

        static Resize modern(NodeSpec n) {
            Resize op = new Resize();
            op.roiInput = 1;
            op.scalesInput = 2;
            op.sizesInput = 3;
            op.weights.mode = ImageOps.parse(n, ImageOps.Mode.class, "mode", n.getString("mode", "nearest"));
            op.weights.coord = ImageOps.parse(n, ImageOps.Coord.class, "coordinate_transformation_mode", n.getString("coordinate_transformation_mode", "half_pixel"));
            op.weights.nearest = ImageOps.parse(n, ImageOps.Nearest.class, "nearest_mode", n.getString("nearest_mode", "round_prefer_floor"));
            if (op.weights.nearest == ImageOps.Nearest.SIMPLE) {
                throw n.invalid("nearest_mode must be round_prefer_floor, round_prefer_ceil, floor or ceil, found simple");
            }
            op.weights.cubicA = n.getFloat("cubic_coeff_a", -0.75f);
            op.weights.excludeOutside = n.getInt("exclude_outside", 0) != 0;
            op.extrapolation = n.getFloat("extrapolation_value", 0f);
            op.weights.antialias = n.getInt("antialias", 0) != 0;
            op.axes = n.getInts("axes", null);
            String policy = n.getString("keep_aspect_ratio_policy", "stretch");
            op.keepPolicy = policy.equals("stretch") ? 0 : policy.equals("not_larger") ? 1 : policy.equals("not_smaller") ? 2 : -1;
            if (op.keepPolicy < 0) {
                throw n.invalid("keep_aspect_ratio_policy must be stretch, not_larger or not_smaller, found '" + policy + "'");
            }
            return op;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] shape = in[0].shape();
            double[] scales = new double[shape.length];
            int[] out = new int[shape.length];
            if (!resolve(in, values, shape, scales, out)) {
                return new TensorType[] {null};
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), out)};
        }

        private static boolean given(TensorType[] in, int i) {
            return i >= 0 && i < in.length && in[i] != null && in[i].elementCount() > 0;
        }

        private int[] axesFor(int rank) {
            int[] a = new int[axes == null ? rank : axes.length];
            for (int i = 0; i < a.length; i++) {
                long v = axes == null ? i : axes[i] < 0 ? axes[i] + rank : axes[i];
                if (v < 0 || v >= rank) {
                    throw new ShapeException("Resize axes must lie in [" + -rank + ", " + (rank - 1) + "], found " + axes[i]);
                }
                a[i] = (int) v;
            }
            return a;
        }

        /** Fills per-axis scales and the output shape; false when the scales/sizes value is not known yet. */
        boolean resolve(TensorType[] in, Tensor[] values, int[] shape, double[] scales, int[] out) {
            int[] ax = axesFor(shape.length);
            Arrays.fill(scales, 1.0);
            System.arraycopy(shape, 0, out, 0, shape.length);
            if (fixedScales != null || given(in, scalesInput)) {
                Tensor s = fixedScales != null ? null : values[scalesInput];
                if (fixedScales == null && s == null) {
                    return false;
                }
                int count = fixedScales != null ? fixedScales.length : s.size();
                if (count != ax.length) {
                    throw new ShapeException("Resize needs " + ax.length + " scales, found " + count);
                }
                for (int i = 0; i < ax.length; i++) {
                    scales[ax[i]] = fixedScales != null ? fixedScales[i] : s.getDouble(i);
                    if (!(scales[ax[i]] > 0)) {
                        throw new ShapeException("Resize scales must be positive, found " + scales[ax[i]]);
                    }
                    out[ax[i]] = (int) Math.floor(scales[ax[i]] * shape[ax[i]]);
                }
                return true;
            }
            if (!given(in, sizesInput)) {
                throw new ShapeException("Resize needs scales or sizes, found neither");
            }
            Tensor z = values[sizesInput];
            if (z == null) {
                return false;
            }
            if (z.size() != ax.length) {
                throw new ShapeException("Resize needs " + ax.length + " sizes, found " + z.size());
            }
            sizesToScales(z, ax, shape, scales, out);
            return true;
        }

        private void sizesToScales(Tensor z, int[] ax, int[] shape, double[] scales, int[] out) {
            double keep = keepPolicy == 1 ? Double.MAX_VALUE : 0;
            for (int i = 0; i < ax.length; i++) {
                out[ax[i]] = (int) z.getLong(i);
                scales[ax[i]] = (double) out[ax[i]] / shape[ax[i]];
                keep = keepPolicy == 1 ? Math.min(keep, scales[ax[i]]) : Math.max(keep, scales[ax[i]]);
            }
            if (keepPolicy != 0) {
                for (int a : ax) {
                    scales[a] = keep;
                    out[a] = (int) (keep * shape[a] + 0.5);
                }
            }
        }

        private double[] roi(Tensor[] in, int rank) {
            double[] roi = new double[2 * rank];
            Arrays.fill(roi, rank, 2 * rank, 1.0);
            if (roiInput < 0 || roiInput >= in.length || in[roiInput] == null || in[roiInput].size() == 0) {
                return roi;
            }
            int[] ax = axesFor(rank);
            Tensor t = in[roiInput];
            if (t.size() != 2 * ax.length) {
                throw new ShapeException("Resize roi needs " + 2 * ax.length + " values, found " + t.size());
            }
            for (int i = 0; i < ax.length; i++) {
                roi[ax[i]] = t.getDouble(i);
                roi[rank + ax[i]] = t.getDouble(ax.length + i);
            }
            return roi;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] shape = x.shape();
            int rank = shape.length;
            TensorType[] types = new TensorType[in.length];
            for (int i = 0; i < in.length; i++) {
                types[i] = in[i] == null ? null : TensorType.of(in[i].dtype(), in[i].shapeView());
            }
            double[] scales = new double[rank];
            int[] outShape = new int[rank];
            resolve(types, in, shape, scales, outShape);
            double[] roi = roi(in, rank);
            ImageOps.Taps[] taps = new ImageOps.Taps[rank];
            for (int a = 0; a < rank; a++) {
                taps[a] = weights.axisTaps(shape[a], outShape[a], scales[a], roi[a], roi[rank + a]);
            }
            double[] cur = new double[x.size()];
            if (x.dtype() == DType.FLOAT) {
                float[] xv = x.floats();
                for (int i = 0; i < cur.length; i++) {
                    cur[i] = xv[i];
                }
            } else {
                for (int i = 0; i < cur.length; i++) {
                    cur[i] = x.getDouble(i);
                }
            }
            int[] curShape = shape.clone();
            for (int a = 0; a < rank; a++) {
                if (!taps[a].identity) {
                    cur = pass(cur, curShape, a, taps[a]);
                    curShape[a] = outShape[a];
                }
            }
            store(cur, out[0], taps);
        }

        /** Resamples one axis: next[o, j, i] = sum_t w[j, t] * cur[o, idx[j, t], i]. */
        private static double[] pass(double[] cur, int[] shape, int axis, ImageOps.Taps t) {
            int outer = 1;
            int inner = 1;
            for (int i = 0; i < axis; i++) {
                outer *= shape[i];
            }
            for (int i = axis + 1; i < shape.length; i++) {
                inner *= shape[i];
            }
            int inD = shape[axis];
            int outD = t.outDim;
            int k = t.k;
            double[] next = new double[outer * outD * inner];
            if (inner == 1) {
                for (int o = 0; o < outer; o++) {
                    for (int j = 0, p = 0; j < outD; j++) {
                        double s = 0;
                        for (int tt = 0; tt < k; tt++, p++) {
                            s += t.w[p] * cur[o * inD + t.idx[p]];
                        }
                        next[o * outD + j] = s;
                    }
                }
                return next;
            }
            for (int o = 0; o < outer; o++) {
                int srcBase = o * inD * inner;
                int dstBase = o * outD * inner;
                for (int j = 0; j < outD; j++) {
                    int dst = dstBase + j * inner;
                    for (int tt = 0; tt < k; tt++) {
                        double w = t.w[j * k + tt];
                        if (w == 0) {
                            continue;
                        }
                        int src = srcBase + t.idx[j * k + tt] * inner;
                        for (int i = 0; i < inner; i++) {
                            next[dst + i] += w * cur[src + i];
                        }
                    }
                }
            }
            return next;
        }

        private void store(double[] v, Tensor y, ImageOps.Taps[] taps) {
            boolean masked = false;
            for (ImageOps.Taps t : taps) {
                masked |= t.outside != null;
            }
            if (masked) {
                applyExtrapolation(v, y.shapeView(), taps);
            }
            int n = y.size();
            if (y.dtype() == DType.FLOAT) {
                float[] yv = y.floats();
                for (int i = 0; i < n; i++) {
                    yv[i] = (float) v[i];
                }
            } else if (y.dtype().isFloating()) {
                for (int i = 0; i < n; i++) {
                    y.setDouble(i, v[i]);
                }
            } else {
                double lo = integerMin(y.dtype());
                double hi = integerMax(y.dtype());
                for (int i = 0; i < n; i++) {
                    y.setDouble(i, Math.max(lo, Math.min(hi, Math.rint(v[i]))));
                }
            }
        }

        /** Integer results round to nearest and saturate (cubic overshoot must not wrap). */
        private static double integerMin(DType t) {
            switch (t) {
                case INT8: return Byte.MIN_VALUE;
                case INT16: return Short.MIN_VALUE;
                case INT32: return Integer.MIN_VALUE;
                case INT64: return Long.MIN_VALUE;
                default: return 0;
            }
        }

        private static double integerMax(DType t) {
            switch (t) {
                case INT8: return Byte.MAX_VALUE;
                case UINT8: return 255;
                case INT16: return Short.MAX_VALUE;
                case UINT16: return 65535;
                case INT32: return Integer.MAX_VALUE;
                case UINT32: return 4294967295.0;
                case BOOL: return 1;
                default: return 1.8446744073709552E19;
            }
        }

        private void applyExtrapolation(double[] v, int[] shape, ImageOps.Taps[] taps) {
            int rank = shape.length;
            int[] c = new int[rank];
            for (int i = 0; i < v.length; i++) {
                for (int a = 0; a < rank; a++) {
                    if (taps[a].outside != null && taps[a].outside[c[a]]) {
                        v[i] = extrapolation;
                        break;
                    }
                }
                for (int a = rank - 1; a >= 0 && ++c[a] == shape[a]; a--) {
                    c[a] = 0;
                }
            }
        }
    }
}
