package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Image ops: NonMaxSuppression, and the resampling weights shared by Resize (ResizeOps) and GridSample (GridOps). */
public final class ImageOps {
    private ImageOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("NonMaxSuppression", 10, n -> new NonMaxSuppression(n.getInt("center_point_box", 0) != 0));
    }

    enum Mode { NEAREST, LINEAR, CUBIC }

    enum Coord { HALF_PIXEL, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_CROP_AND_RESIZE, HALF_PIXEL_SYMMETRIC }

    enum Nearest { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL, SIMPLE }

    static <E extends Enum<E>> E parse(NodeSpec n, Class<E> type, String attr, String value) {
        String v = value.equals("bilinear") || value.equals("trilinear") ? "linear" : value.equals("bicubic") ? "cubic" : value;
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw n.invalid(attr + " must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT)
                + ", found '" + value + "'");
    }

    /** Per-axis source indices and weights for each output position, computed once per call. */
    static final class Taps {
        int outDim;
        int k;
        int[] idx;
        double[] w;
        boolean[] outside;
        boolean identity;
    }

    /** Keys' cubic convolution kernel with parameter {@code a}. */
    static double cubic(double x, double a) {
        x = Math.abs(x);
        if (x <= 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        }
        return 0;
    }

    /** Per-axis resampling weights for Resize: coordinate transform, nearest rounding, (antialiased) linear and cubic kernels. */
    static final class Resampler {
        Mode mode;
        Coord coord = Coord.ASYMMETRIC;
        Nearest nearest = Nearest.SIMPLE;
        double cubicA = -0.75;
        boolean excludeOutside;
        boolean antialias;

        private double original(int x, int in, int outInt, double scale, double roiStart, double roiEnd) {
            double outW = scale * in;
            switch (coord) {
                case ALIGN_CORNERS: return outW == 1 ? 0 : x * (double) (in - 1) / (outW - 1);
                case ASYMMETRIC: return x / scale;
                case TF_CROP_AND_RESIZE: {
                    double v = outW == 1 ? (roiEnd - roiStart) * (in - 1) / 2 : x * (roiEnd - roiStart) * (in - 1) / (outW - 1);
                    return v + roiStart * (in - 1);
                }
                case PYTORCH_HALF_PIXEL: return outW == 1 ? -0.5 : (x + 0.5) / scale - 0.5;
                case HALF_PIXEL_SYMMETRIC: {
                    double offset = in / 2.0 * (1 - outInt / outW);
                    return offset + (x + 0.5) / scale - 0.5;
                }
                default: return (x + 0.5) / scale - 0.5;
            }
        }

        Taps axisTaps(int in, int outD, double scale, double roiStart, double roiEnd) {
            Taps t = new Taps();
            t.outDim = outD;
            double[][] coeffs = new double[outD][];
            int[] start = new int[outD];
            for (int x = 0; x < outD; x++) {
                double xo = original(x, in, outD, scale, roiStart, roiEnd);
                if (coord == Coord.TF_CROP_AND_RESIZE && (xo < 0 || xo > in - 1)) {
                    if (t.outside == null) {
                        t.outside = new boolean[outD];
                    }
                    t.outside[x] = true;
                    coeffs[x] = new double[0];
                    continue;
                }
                boolean integral = xo == Math.floor(xo);
                int f = integral ? (int) xo - 1 : (int) Math.floor(xo);
                double ratio = integral ? 1 : xo - Math.floor(xo);
                if (mode == Mode.NEAREST) {
                    start[x] = nearestIndex(xo, integral, scale);
                    coeffs[x] = new double[] {1};
                    continue;
                }
                coeffs[x] = coefficients(ratio, scale);
                start[x] = f - coeffs[x].length / 2 + 1;
                if (excludeOutside) {
                    excludeOutside(coeffs[x], start[x], in);
                }
            }
            pack(t, coeffs, start, in);
            return t;
        }

        private int nearestIndex(double xo, boolean integral, double scale) {
            if (integral) {
                return (int) xo;
            }
            int f = (int) Math.floor(xo);
            double ratio = xo - f;
            switch (nearest) {
                case ROUND_PREFER_FLOOR: return ratio <= 0.5 ? f : f + 1;
                case ROUND_PREFER_CEIL: return ratio < 0.5 ? f : f + 1;
                case FLOOR: return f;
                case CEIL: return f + 1;
                default: return scale < 1 ? f + 1 : f;
            }
        }

        private double[] coefficients(double ratio, double scale) {
            double s = Math.min(scale, 1.0);
            if (mode == Mode.LINEAR && !antialias) {
                return new double[] {1 - ratio, ratio};
            }
            if (mode == Mode.LINEAR) {
                int st = (int) Math.floor(-1 / s) + 1;
                double[] c = new double[2 - 2 * st];
                for (int i = 0; i < c.length; i++) {
                    c[i] = Math.max(0, Math.min(1, 1 - Math.abs((st + i - ratio) * s)));
                }
                return normalized(c);
            }
            if (!antialias) {
                double a = cubicA;
                return new double[] {cubic(ratio + 1, a), cubic(ratio, a), cubic(1 - ratio, a), cubic(2 - ratio, a)};
            }
            int st = (int) Math.floor(-2 / s) + 1;
            double[] c = new double[2 - 2 * st];
            for (int i = 0; i < c.length; i++) {
                c[i] = cubic(s * (st + i - ratio), cubicA);
            }
            return normalized(c);
        }

        private static double[] normalized(double[] c) {
            double sum = 0;
            for (double v : c) {
                sum += v;
            }
            for (int i = 0; i < c.length; i++) {
                c[i] /= sum;
            }
            return c;
        }

        private static void excludeOutside(double[] c, int start, int in) {
            for (int i = 0; i < c.length; i++) {
                if (start + i < 0 || start + i >= in) {
                    c[i] = 0;
                }
            }
            normalized(c);
        }

        /** Drops zero weights, clamps indices to the edge, and lays taps out k per output position. */
        private static void pack(Taps t, double[][] coeffs, int[] start, int in) {
            int k = 1;
            for (double[] c : coeffs) {
                int nz = 0;
                for (double v : c) {
                    nz += v != 0 ? 1 : 0;
                }
                k = Math.max(k, nz);
            }
            t.k = k;
            t.idx = new int[coeffs.length * k];
            t.w = new double[coeffs.length * k];
            boolean identity = coeffs.length == in && t.outside == null;
            for (int x = 0; x < coeffs.length; x++) {
                int p = x * k;
                for (int i = 0; i < coeffs[x].length; i++) {
                    if (coeffs[x][i] != 0) {
                        t.idx[p] = Math.max(0, Math.min(in - 1, start[x] + i));
                        t.w[p++] = coeffs[x][i];
                    }
                }
                identity &= k == 1 && t.idx[x] == x && t.w[x] == 1;
            }
            t.identity = identity;
        }
    }

    /**
     * NonMaxSuppression: per batch and class, greedily keeps the highest-scoring boxes whose IoU with every kept
     * box is at most iou_threshold; honours center_point_box, max_output_boxes_per_class, score_threshold.
     */
    static final class NonMaxSuppression implements Op {
        final boolean centerPoint;

        NonMaxSuppression(boolean centerPoint) {
            this.centerPoint = centerPoint;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] b = in[0].shape();
            int[] s = in[1].shape();
            if (b.length != 3 || b[2] != 4 || s.length != 3 || s[0] != b[0] || s[2] != b[1]) {
                throw new ShapeException("NonMaxSuppression needs boxes [B, S, 4] and scores [B, C, S], found "
                        + Arrays.toString(b) + " and " + Arrays.toString(s));
            }
            return new TensorType[] {null};
        }

        private static double scalar(Tensor[] in, int i, double dflt) {
            return i < in.length && in[i] != null && in[i].size() > 0 ? in[i].getDouble(0) : dflt;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor scores = in[1];
            long maxOut = (long) scalar(in, 2, 0);
            double iouThreshold = scalar(in, 3, 0);
            double scoreThreshold = scalar(in, 4, Double.NEGATIVE_INFINITY);
            int classes = scores.dim(1);
            int spatial = scores.dim(2);
            double[] corners = corners(in[0]);
            List<long[]> selected = new ArrayList<>();
            Integer[] order = new Integer[spatial];
            int[] kept = new int[spatial];
            for (int b = 0; b < scores.dim(0); b++) {
                for (int c = 0; c < classes; c++) {
                    int sBase = (b * classes + c) * spatial;
                    int candidates = 0;
                    for (int i = 0; i < spatial; i++) {
                        if (scores.getDouble(sBase + i) > scoreThreshold) {
                            order[candidates++] = i;
                        }
                    }
                    Arrays.sort(order, 0, candidates, (p, q) -> Double.compare(scores.getDouble(sBase + q), scores.getDouble(sBase + p)));
                    int nKept = suppress(corners, b * spatial * 4, order, candidates, maxOut, iouThreshold, kept);
                    for (int k = 0; k < nKept; k++) {
                        selected.add(new long[] {b, c, kept[k]});
                    }
                }
            }
            Tensor y = Tensor.allocate(DType.INT64, selected.size(), 3);
            for (int i = 0; i < selected.size(); i++) {
                System.arraycopy(selected.get(i), 0, y.longs(), i * 3, 3);
            }
            out[0] = y;
        }

        /** Greedy selection over candidates in score order; fills {@code kept} and returns how many. */
        private static int suppress(double[] corners, int base, Integer[] order, int candidates, long maxOut, double iouThreshold, int[] kept) {
            int nKept = 0;
            for (int k = 0; k < candidates && nKept < maxOut; k++) {
                int box = order[k];
                boolean keep = true;
                for (int j = 0; j < nKept && keep; j++) {
                    keep = iou(corners, base + box * 4, base + kept[j] * 4) <= iouThreshold;
                }
                if (keep) {
                    kept[nKept++] = box;
                }
            }
            return nKept;
        }

        /** Boxes as (y_min, x_min, y_max, x_max). */
        private double[] corners(Tensor boxes) {
            double[] c = new double[boxes.size()];
            for (int i = 0; i < c.length; i += 4) {
                double a = boxes.getDouble(i);
                double b = boxes.getDouble(i + 1);
                double d = boxes.getDouble(i + 2);
                double e = boxes.getDouble(i + 3);
                if (centerPoint) {
                    c[i] = b - e / 2;
                    c[i + 1] = a - d / 2;
                    c[i + 2] = b + e / 2;
                    c[i + 3] = a + d / 2;
                } else {
                    c[i] = Math.min(a, d);
                    c[i + 1] = Math.min(b, e);
                    c[i + 2] = Math.max(a, d);
                    c[i + 3] = Math.max(b, e);
                }
            }
            return c;
        }

        private static double iou(double[] c, int p, int q) {
            double areaP = (c[p + 2] - c[p]) * (c[p + 3] - c[p + 1]);
            double areaQ = (c[q + 2] - c[q]) * (c[q + 3] - c[q + 1]);
            double ih = Math.max(0, Math.min(c[p + 2], c[q + 2]) - Math.max(c[p], c[q]));
            double iw = Math.max(0, Math.min(c[p + 3], c[q + 3]) - Math.max(c[p + 1], c[q + 1]));
            double inter = ih * iw;
            if (areaP <= 0 || areaQ <= 0 || inter <= 0) {
                return 0;
            }
            return inter / (areaP + areaQ - inter);
        }
    }
}
