package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Unpooling and region-of-interest pooling: MaxUnpool, MaxRoiPool, RoiAlign. */
public final class RoiOps {
    private RoiOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("MaxUnpool", 9, n -> new MaxUnpool(ConvOps.Window.of(n, true)));
        r.register("MaxRoiPool", 1, n -> new MaxRoiPool(n.getInts("pooled_shape", null), n.getFloat("spatial_scale", 1f)));
        r.register("RoiAlign", 10, n -> new RoiAlign(n, "output_half_pixel"));
        r.register("RoiAlign", 16, n -> new RoiAlign(n, "half_pixel"));
    }

    /** Scatters X into a zero tensor at the flat positions in I; output shape from output_shape or kernel_shape/strides/pads. */
    static final class MaxUnpool implements Op {
        final ConvOps.Window window;

        MaxUnpool(ConvOps.Window window) {
            this.window = window;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] xs = in[0].shape();
            if (xs.length < 3 || !Arrays.equals(xs, in[1].shape()) || in[1].dtype() != DType.INT64) {
                throw new ShapeException("MaxUnpool needs X [N,C,...] and int64 I of the same shape, found " + Arrays.toString(xs)
                        + " and " + in[1].dtype() + Arrays.toString(in[1].shape()));
            }
            if (in.length > 2 && in[2] != null) {
                if (values[2] == null) {
                    return new TensorType[] {null};
                }
                int[] y = new int[values[2].size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.toIntExact(values[2].getLong(i));
                }
                return new TensorType[] {TensorType.of(in[0].dtype(), y)};
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), defaultShape(xs))};
        }

        /** The output shape implied by kernel_shape, strides and pads, in which the indices I are given. */
        int[] defaultShape(int[] xs) {
            int r = xs.length - 2;
            int[] k = ConvOps.Window.toInts(window.kernel, r, "kernel_shape");
            int[] s = window.strides == null ? ConvOps.Window.ones(r) : ConvOps.Window.toInts(window.strides, r, "strides");
            int[] p = window.pads == null ? new int[2 * r] : ConvOps.Window.toInts(window.pads, 2 * r, "pads");
            int[] y = xs.clone();
            for (int i = 0; i < r; i++) {
                y[i + 2] = (xs[i + 2] - 1) * s[i] - p[i] - p[i + r] + k[i];
            }
            return y;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            for (int i = 0; i < y.size(); i++) {
                y.setDouble(i, 0);
            }
            int[] from = defaultShape(in[0].shapeView());
            int[] to = y.shapeView();
            boolean remap = !Arrays.equals(from, to);
            if (remap && from.length != to.length) {
                throw new ShapeException("MaxUnpool output_shape " + Arrays.toString(to) + " must have rank " + from.length);
            }
            for (int i = 0; i < in[0].size(); i++) {
                long at = remap ? remap(in[1].getLong(i), from, to) : in[1].getLong(i);
                if (at < 0 || at >= y.size()) {
                    throw new ShapeException("MaxUnpool index " + at + " outside output of " + y.size() + " elements");
                }
                y.setDouble((int) at, in[0].getDouble(i));
            }
        }
    }

    /** A flat index over {@code from} moved to the same coordinates in {@code to}. */
    static long remap(long index, int[] from, int[] to) {
        long rest = index;
        long result = 0;
        long mul = 1;
        for (int d = from.length - 1; d >= 0; d--) {
            result += rest % from[d] * mul;
            rest /= from[d];
            mul *= to[d];
        }
        return result + rest * mul;
    }

    /** Max pooling of each ROI [batch, x1, y1, x2, y2] (scaled by spatial_scale, rounded) into pooled_shape bins. */
    static final class MaxRoiPool implements Op {
        final long[] pooled;
        final float scale;

        MaxRoiPool(long[] pooled, float scale) {
            if (pooled == null || pooled.length != 2) {
                throw new ShapeException("MaxRoiPool needs pooled_shape of 2 values, found " + Arrays.toString(pooled));
            }
            this.pooled = pooled;
            this.scale = scale;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] xs = in[0].shape();
            int[] rs = in[1].shape();
            if (xs.length != 4 || rs.length != 2 || rs[1] != 5) {
                throw new ShapeException("MaxRoiPool needs X [N,C,H,W] and rois [R,5], found " + Arrays.toString(xs) + " and "
                        + Arrays.toString(rs));
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), rs[0], xs[1], (int) pooled[0], (int) pooled[1])};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor rois = in[1];
            int c = x.dim(1);
            int h = x.dim(2);
            int w = x.dim(3);
            int ph = (int) pooled[0];
            int pw = (int) pooled[1];
            int o = 0;
            for (int r = 0; r < rois.dim(0); r++) {
                int batch = (int) rois.getDouble(r * 5);
                int x1 = (int) Math.round(rois.getDouble(r * 5 + 1) * scale);
                int y1 = (int) Math.round(rois.getDouble(r * 5 + 2) * scale);
                int x2 = (int) Math.round(rois.getDouble(r * 5 + 3) * scale);
                int y2 = (int) Math.round(rois.getDouble(r * 5 + 4) * scale);
                double binH = Math.max(y2 - y1 + 1, 1) / (double) ph;
                double binW = Math.max(x2 - x1 + 1, 1) / (double) pw;
                for (int ch = 0; ch < c; ch++) {
                    int base = (batch * c + ch) * h * w;
                    for (int i = 0; i < ph; i++) {
                        int hs = clamp((int) Math.floor(i * binH) + y1, h);
                        int he = clamp((int) Math.ceil((i + 1) * binH) + y1, h);
                        for (int j = 0; j < pw; j++) {
                            int ws = clamp((int) Math.floor(j * binW) + x1, w);
                            int we = clamp((int) Math.ceil((j + 1) * binW) + x1, w);
                            double m = he <= hs || we <= ws ? 0 : Double.NEGATIVE_INFINITY;
                            for (int yy = hs; yy < he; yy++) {
                                for (int xx = ws; xx < we; xx++) {
                                    m = Math.max(m, x.getDouble(base + yy * w + xx));
                                }
                            }
                            out[0].setDouble(o++, m);
                        }
                    }
                }
            }
        }

        private static int clamp(int v, int hi) {
            return Math.min(Math.max(v, 0), hi);
        }
    }

    /** Bilinear ROI pooling: mode avg/max, output_height/width, sampling_ratio, spatial_scale, coordinate_transformation_mode. */
    static final class RoiAlign implements Op {
        final boolean max;
        final int outH;
        final int outW;
        final int samplingRatio;
        final float scale;
        final boolean halfPixel;

        RoiAlign(NodeSpec n, String defaultMode) {
            String mode = n.getString("mode", "avg");
            String ctm = n.getString("coordinate_transformation_mode", defaultMode);
            if (!mode.equals("avg") && !mode.equals("max") || !ctm.equals("half_pixel") && !ctm.equals("output_half_pixel")) {
                throw n.invalid("RoiAlign mode must be avg or max and coordinate_transformation_mode half_pixel or "
                        + "output_half_pixel, found " + mode + " and " + ctm);
            }
            max = mode.equals("max");
            halfPixel = ctm.equals("half_pixel");
            outH = (int) n.getInt("output_height", 1);
            outW = (int) n.getInt("output_width", 1);
            samplingRatio = (int) n.getInt("sampling_ratio", 0);
            scale = n.getFloat("spatial_scale", 1f);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] xs = in[0].shape();
            int[] rs = in[1].shape();
            int[] bs = in[2].shape();
            if (xs.length != 4 || rs.length != 2 || rs[1] != 4 || bs.length != 1 || bs[0] != rs[0] || !in[0].dtype().isFloating()) {
                throw new ShapeException("RoiAlign needs float X [N,C,H,W], rois [R,4] and batch_indices [R], found "
                        + Arrays.toString(xs) + ", " + Arrays.toString(rs) + ", " + Arrays.toString(bs));
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), rs[0], xs[1], outH, outW)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            double[] x = NormalizationOps.toDoubles(in[0]);
            int c = in[0].dim(1);
            int h = in[0].dim(2);
            int w = in[0].dim(3);
            for (int r = 0; r < in[1].dim(0); r++) {
                double off = halfPixel ? 0.5 : 0;
                double sw = in[1].getDouble(r * 4) * scale - off;
                double sh = in[1].getDouble(r * 4 + 1) * scale - off;
                double rw = in[1].getDouble(r * 4 + 2) * scale - off - sw;
                double rh = in[1].getDouble(r * 4 + 3) * scale - off - sh;
                if (!halfPixel) {
                    rw = Math.max(rw, 1);
                    rh = Math.max(rh, 1);
                }
                int gh = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(rh / outH);
                int gw = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(rw / outW);
                int batch = (int) in[2].getLong(r);
                for (int ch = 0; ch < c; ch++) {
                    int base = (batch * c + ch) * h * w;
                    int o = (r * c + ch) * outH * outW;
                    for (int ph = 0; ph < outH; ph++) {
                        for (int pw = 0; pw < outW; pw++) {
                            double v = bin(x, base, h, w, sh + ph * rh / outH, sw + pw * rw / outW, rh / outH, rw / outW, gh, gw);
                            out[0].setDouble(o + ph * outW + pw, v);
                        }
                    }
                }
            }
        }

        private double bin(double[] x, int base, int h, int w, double y0, double x0, double bh, double bw, int gh, int gw) {
            double acc = 0;
            boolean first = true;
            for (int iy = 0; iy < gh; iy++) {
                double yy = y0 + (iy + 0.5) * bh / gh;
                for (int ix = 0; ix < gw; ix++) {
                    double v = sample(x, base, h, w, yy, x0 + (ix + 0.5) * bw / gw);
                    acc = max ? (first ? v : Math.max(acc, v)) : acc + v;
                    first = false;
                }
            }
            return max ? acc : acc / Math.max(gh * gw, 1);
        }

        /** Bilinear sample; in max mode the largest of the four weighted corners, as the reference does. */
        private double sample(double[] x, int base, int h, int w, double y, double xx) {
            if (y < -1.0 || y > h || xx < -1.0 || xx > w) {
                return 0;
            }
            y = Math.max(y, 0);
            xx = Math.max(xx, 0);
            int yl = (int) y;
            int xl = (int) xx;
            int yh = yl + 1;
            int xh = xl + 1;
            if (yl >= h - 1) {
                yh = yl = h - 1;
                y = yl;
            }
            if (xl >= w - 1) {
                xh = xl = w - 1;
                xx = xl;
            }
            double ly = y - yl;
            double lx = xx - xl;
            double v1 = (1 - ly) * (1 - lx) * x[base + yl * w + xl];
            double v2 = (1 - ly) * lx * x[base + yl * w + xh];
            double v3 = ly * (1 - lx) * x[base + yh * w + xl];
            double v4 = ly * lx * x[base + yh * w + xh];
            return max ? Math.max(Math.max(v1, v2), Math.max(v3, v4)) : v1 + v2 + v3 + v4;
        }
    }
}
