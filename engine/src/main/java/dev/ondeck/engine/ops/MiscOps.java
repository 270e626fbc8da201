package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Ops no other family owns: CenterCropPad, RoiAlign. */
public final class MiscOps {
    private MiscOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("CenterCropPad", 18, n -> new CenterCropPad(n.getInts("axes", null)));
        r.register("RoiAlign", 10, n -> new RoiAlign(n, false));
        r.register("RoiAlign", 16, n -> new RoiAlign(n, true));
    }

    /** CenterCropPad: center-crops or zero-pads each of {@code axes} (default all) to the {@code shape} input. */
    static final class CenterCropPad implements Op {
        final long[] axes;

        CenterCropPad(long[] axes) {
            this.axes = axes;
        }

        private int[] axesFor(int rank) {
            int[] a = new int[axes == null ? rank : axes.length];
            for (int i = 0; i < a.length; i++) {
                long v = axes == null ? i : axes[i] < 0 ? axes[i] + rank : axes[i];
                if (v < 0 || v >= rank) {
                    throw new ShapeException("CenterCropPad axes must lie in [" + -rank + ", " + (rank - 1) + "], found " + axes[i]);
                }
                a[i] = (int) v;
            }
            return a;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] shape = in[0].shape();
            int[] ax = axesFor(shape.length);
            if (in[1].elementCount() != ax.length) {
                throw new ShapeException("CenterCropPad needs " + ax.length + " shape values, found " + in[1].elementCount());
            }
            Tensor s = values[1];
            if (s == null) {
                return new TensorType[] {null};
            }
            for (int i = 0; i < ax.length; i++) {
                if (s.getLong(i) < 0) {
                    throw new ShapeException("CenterCropPad shape must be non-negative, found " + s.getLong(i));
                }
                shape[ax[i]] = (int) s.getLong(i);
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), shape)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            int rank = x.rank();
            int[] xs = x.shapeView();
            int[] ys = y.shapeView();
            for (int i = 0; i < y.size(); i++) {
                y.setLong(i, 0);
            }
            int[] len = new int[rank];
            int[] xOff = new int[rank];
            int[] yOff = new int[rank];
            int regions = 1;
            for (int a = 0; a < rank; a++) {
                len[a] = Math.min(xs[a], ys[a]);
                xOff[a] = xs[a] > ys[a] ? (xs[a] - ys[a]) / 2 : 0;
                yOff[a] = ys[a] > xs[a] ? (ys[a] - xs[a]) / 2 : 0;
                regions *= a < rank - 1 ? len[a] : 1;
            }
            if (rank == 0 || len[rank - 1] == 0 || regions == 0) {
                if (rank == 0) {
                    y.copyFrom(x, 0, 0, 1);
                }
                return;
            }
            int[] xStr = x.strides();
            int[] yStr = y.strides();
            int[] c = new int[rank];
            for (int r = 0; r < regions; r++) {
                int xp = 0;
                int yp = 0;
                for (int a = 0; a < rank; a++) {
                    xp += (c[a] + xOff[a]) * xStr[a];
                    yp += (c[a] + yOff[a]) * yStr[a];
                }
                y.copyFrom(x, xp, yp, len[rank - 1]);
                for (int a = rank - 2; a >= 0 && ++c[a] == len[a]; a--) {
                    c[a] = 0;
                }
            }
        }
    }

    /**
     * RoiAlign: average- or max-pools bilinear samples of X [N, C, H, W] over each roi [x1, y1, x2, y2]; honours
     * mode, output_height/width, sampling_ratio, spatial_scale, coordinate_transformation_mode (opset 16).
     */
    static final class RoiAlign implements Op {
        final boolean max;
        final int outH;
        final int outW;
        final int samplingRatio;
        final double spatialScale;
        final boolean halfPixel;

        RoiAlign(NodeSpec n, boolean v16) {
            String mode = n.getString("mode", "avg");
            if (!mode.equals("avg") && !mode.equals("max")) {
                throw n.invalid("mode must be avg or max, found '" + mode + "'");
            }
            this.max = mode.equals("max");
            this.outH = (int) n.getInt("output_height", 1);
            this.outW = (int) n.getInt("output_width", 1);
            this.samplingRatio = (int) n.getInt("sampling_ratio", 0);
            this.spatialScale = n.getFloat("spatial_scale", 1f);
            String ct = v16 ? n.getString("coordinate_transformation_mode", "half_pixel") : "output_half_pixel";
            if (!ct.equals("half_pixel") && !ct.equals("output_half_pixel")) {
                throw n.invalid("coordinate_transformation_mode must be half_pixel or output_half_pixel, found '" + ct + "'");
            }
            this.halfPixel = ct.equals("half_pixel");
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] x = in[0].shape();
            int[] rois = in[1].shape();
            int[] bi = in[2].shape();
            if (x.length != 4 || rois.length != 2 || rois[1] != 4 || bi.length != 1 || bi[0] != rois[0]) {
                throw new ShapeException("RoiAlign needs X [N, C, H, W], rois [R, 4], batch_indices [R], found "
                        + Arrays.toString(x) + ", " + Arrays.toString(rois) + ", " + Arrays.toString(bi));
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), rois[0], x[1], outH, outW)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor rois = in[1];
            Tensor y = out[0];
            int channels = x.dim(1);
            int plane = x.dim(2) * x.dim(3);
            double offset = halfPixel ? 0.5 : 0;
            for (int n = 0; n < rois.dim(0); n++) {
                long b = in[2].getLong(n);
                if (b < 0 || b >= x.dim(0)) {
                    throw new ShapeException("RoiAlign batch index must lie in [0, " + x.dim(0) + "), found " + b);
                }
                double[] box = new double[4];
                for (int k = 0; k < 4; k++) {
                    box[k] = rois.getDouble(n * 4 + k) * spatialScale - offset;
                }
                double roiW = box[2] - box[0];
                double roiH = box[3] - box[1];
                if (!halfPixel) {
                    roiW = Math.max(roiW, 1);
                    roiH = Math.max(roiH, 1);
                }
                int gridH = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(roiH / outH);
                int gridW = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(roiW / outW);
                Samples s = new Samples(x.dim(2), x.dim(3), outH * outW * gridH * gridW);
                s.fill(box[1], box[0], roiH / outH, roiW / outW, gridH, gridW, outH, outW);
                for (int c = 0; c < channels; c++) {
                    pool(x, (int) ((b * channels + c) * plane), s, Math.max(gridH * gridW, 1), y, (n * channels + c) * outH * outW);
                }
            }
        }

        private void pool(Tensor x, int base, Samples s, int perBin, Tensor y, int yBase) {
            int k = 0;
            for (int bin = 0; bin < outH * outW; bin++) {
                double acc = 0;
                for (int i = 0; i < perBin && k < s.count; i++, k++) {
                    double v1 = s.w[4 * k] * x.getDouble(base + s.pos[4 * k]);
                    double v2 = s.w[4 * k + 1] * x.getDouble(base + s.pos[4 * k + 1]);
                    double v3 = s.w[4 * k + 2] * x.getDouble(base + s.pos[4 * k + 2]);
                    double v4 = s.w[4 * k + 3] * x.getDouble(base + s.pos[4 * k + 3]);
                    double v = max ? Math.max(Math.max(v1, v2), Math.max(v3, v4)) : v1 + v2 + v3 + v4;
                    acc = !max ? acc + v : i == 0 ? v : Math.max(acc, v);
                }
                y.setDouble(yBase + bin, max ? acc : acc / perBin);
            }
        }

        /** Bilinear sample positions and weights for every bin and grid point of one roi. */
        static final class Samples {
            final int height;
            final int width;
            final int count;
            final int[] pos;
            final double[] w;

            Samples(int height, int width, int count) {
                this.height = height;
                this.width = width;
                this.count = count;
                this.pos = new int[4 * count];
                this.w = new double[4 * count];
            }

            void fill(double startH, double startW, double binH, double binW, int gridH, int gridW, int outH, int outW) {
                int k = 0;
                for (int ph = 0; ph < outH; ph++) {
                    for (int pw = 0; pw < outW; pw++) {
                        for (int iy = 0; iy < gridH; iy++) {
                            double yy = startH + ph * binH + (iy + 0.5) * binH / gridH;
                            for (int ix = 0; ix < gridW; ix++) {
                                sample(k++, yy, startW + pw * binW + (ix + 0.5) * binW / gridW);
                            }
                        }
                    }
                }
            }

            private void sample(int k, double y, double x) {
                if (y < -1.0 || y > height || x < -1.0 || x > width) {
                    Arrays.fill(pos, 4 * k, 4 * k + 4, 0);
                    Arrays.fill(w, 4 * k, 4 * k + 4, 0);
                    return;
                }
                y = Math.max(y, 0);
                x = Math.max(x, 0);
                int yLow = Math.min((int) y, height - 1);
                int xLow = Math.min((int) x, width - 1);
                int yHigh = Math.min(yLow + 1, height - 1);
                int xHigh = Math.min(xLow + 1, width - 1);
                double ly = yLow >= height - 1 ? 0 : y - yLow;
                double lx = xLow >= width - 1 ? 0 : x - xLow;
                pos[4 * k] = yLow * width + xLow;
                pos[4 * k + 1] = yLow * width + xHigh;
                pos[4 * k + 2] = yHigh * width + xLow;
                pos[4 * k + 3] = yHigh * width + xHigh;
                w[4 * k] = (1 - ly) * (1 - lx);
                w[4 * k + 1] = (1 - ly) * lx;
                w[4 * k + 2] = ly * (1 - lx);
                w[4 * k + 3] = ly * lx;
            }
        }
    }
}
