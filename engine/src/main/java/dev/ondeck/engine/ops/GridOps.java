package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Sampling grids: GridSample and AffineGrid. */
public final class GridOps {
    private GridOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("GridSample", 16, n -> new GridSample(n, true));
        r.register("GridSample", 20, n -> new GridSample(n, false));
        r.register("AffineGrid", 20, n -> new AffineGrid(n.getInt("align_corners", 0) != 0));
    }

    /**
     * GridSample: samples X [N, C, D1..Dr] at the normalized grid [N, O1..Or, r] points; honours mode
     * (nearest/linear/cubic, also bilinear/bicubic), padding_mode (zeros/border/reflection), align_corners.
     */
    static final class GridSample implements Op {
        final ImageOps.Mode mode;
        final int padding;
        final boolean alignCorners;
        final boolean only4d;

        GridSample(NodeSpec n, boolean only4d) {
            this.mode = ImageOps.parse(n, ImageOps.Mode.class, "mode", n.getString("mode", only4d ? "bilinear" : "linear"));
            String p = n.getString("padding_mode", "zeros");
            this.padding = p.equals("zeros") ? 0 : p.equals("border") ? 1 : p.equals("reflection") ? 2 : -1;
            if (padding < 0) {
                throw n.invalid("padding_mode must be zeros, border or reflection, found '" + p + "'");
            }
            this.alignCorners = n.getInt("align_corners", 0) != 0;
            this.only4d = only4d;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] x = in[0].shape();
            int[] g = in[1].shape();
            if (x.length < 3 || (only4d && x.length != 4)) {
                throw new ShapeException("GridSample needs X of rank " + (only4d ? "4" : ">= 3") + ", found rank " + x.length);
            }
            int r = x.length - 2;
            if (g.length != x.length || g[g.length - 1] != r || g[0] != x[0]) {
                throw new ShapeException("GridSample needs grid [" + x[0] + ", ..., " + r + "] of rank " + x.length
                        + ", found " + Arrays.toString(g));
            }
            int[] out = new int[x.length];
            out[0] = x[0];
            out[1] = x[1];
            System.arraycopy(g, 1, out, 2, r);
            return new TensorType[] {TensorType.of(in[0].dtype(), out)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor grid = in[1];
            Tensor y = out[0];
            int[] xs = x.shapeView();
            int r = xs.length - 2;
            int[] xStrides = x.strides();
            int spatialIn = x.size() / (xs[0] * xs[1]);
            int points = y.size() / (xs[0] * xs[1]);
            int per = mode == ImageOps.Mode.NEAREST ? 1 : mode == ImageOps.Mode.LINEAR ? 2 : 4;
            int[][] idx = new int[r][per];
            double[][] w = new double[r][per];
            int[] count = new int[r];
            int maxCombos = (int) Math.pow(per, r);
            int[] comboOff = new int[maxCombos];
            double[] comboW = new double[maxCombos];
            for (int n = 0; n < xs[0]; n++) {
                for (int p = 0; p < points; p++) {
                    int gBase = (n * points + p) * r;
                    for (int a = 0; a < r; a++) {
                        count[a] = axisTaps(grid.getDouble(gBase + r - 1 - a), xs[2 + a], idx[a], w[a]);
                    }
                    int combos = combine(idx, w, count, xStrides, comboOff, comboW);
                    for (int c = 0; c < xs[1]; c++) {
                        int base = (n * xs[1] + c) * spatialIn;
                        double sum = 0;
                        for (int m = 0; m < combos; m++) {
                            sum += comboW[m] * x.getDouble(base + comboOff[m]);
                        }
                        y.setDouble((n * xs[1] + c) * points + p, sum);
                    }
                }
            }
        }

        /** Cartesian product of per-axis taps into flat offsets (spatial strides) and weight products. */
        private static int combine(int[][] idx, double[][] w, int[] count, int[] strides, int[] off, double[] cw) {
            int combos = 1;
            for (int c : count) {
                combos *= c;
            }
            for (int m = 0; m < combos; m++) {
                int rem = m;
                int o = 0;
                double wt = 1;
                for (int a = count.length - 1; a >= 0; a--) {
                    int t = rem % count[a];
                    rem /= count[a];
                    o += idx[a][t] * strides[2 + a];
                    wt *= w[a][t];
                }
                off[m] = o;
                cw[m] = wt;
            }
            return combos;
        }

        /** Taps along one axis for normalized coordinate {@code g}; returns how many (zeros padding drops some). */
        private int axisTaps(double g, int len, int[] idx, double[] w) {
            double lo = alignCorners ? 0 : -0.5;
            double hi = alignCorners ? len - 1 : len - 0.5;
            double v = alignCorners ? (g + 1) / 2 * (len - 1) : ((g + 1) * len - 1) / 2;
            if (mode == ImageOps.Mode.NEAREST) {
                v = Math.rint(v);
            }
            if (v < lo || v > hi) {
                v = padding == 1 ? Math.max(0, Math.min(len - 1, v)) : padding == 2 ? reflect(v, lo, hi) : v;
            }
            if (mode == ImageOps.Mode.NEAREST) {
                return tap((int) v, 1, len, lo, hi, idx, w, 0);
            }
            int x0 = (int) Math.floor(v);
            double t = v - x0;
            if (mode == ImageOps.Mode.LINEAR) {
                int k = tap(x0, 1 - t, len, lo, hi, idx, w, 0);
                return tap(x0 + 1, t, len, lo, hi, idx, w, k);
            }
            int k = tap(x0 - 1, ImageOps.cubic(t + 1, -0.75), len, lo, hi, idx, w, 0);
            k = tap(x0, ImageOps.cubic(t, -0.75), len, lo, hi, idx, w, k);
            k = tap(x0 + 1, ImageOps.cubic(1 - t, -0.75), len, lo, hi, idx, w, k);
            return tap(x0 + 2, ImageOps.cubic(2 - t, -0.75), len, lo, hi, idx, w, k);
        }

        private int tap(int i, double weight, int len, double lo, double hi, int[] idx, double[] w, int k) {
            if (i < 0 || i >= len) {
                if (padding == 0) {
                    return k;
                }
                i = padding == 1 ? Math.max(0, Math.min(len - 1, i)) : (int) reflect(i, lo, hi);
            }
            idx[k] = i;
            w[k] = weight;
            return k + 1;
        }

        /** Reflects {@code x} by the borders until it lies within [lo, hi]. */
        static double reflect(double x, double lo, double hi) {
            double range = hi - lo;
            if (range <= 0) {
                return lo;
            }
            if (x < lo) {
                double dx = lo - x;
                long n = (long) (dx / range);
                double rem = dx - n * range;
                return n % 2 == 0 ? lo + rem : hi - rem;
            }
            if (x > hi) {
                double dx = x - hi;
                long n = (long) (dx / range);
                double rem = dx - n * range;
                return n % 2 == 0 ? hi - rem : lo + rem;
            }
            return x;
        }
    }

    /** AffineGrid: the sampling grid theta @ (x, y[, z], 1) over a size given by input {@code size}; honours align_corners. */
    static final class AffineGrid implements Op {
        final boolean alignCorners;

        AffineGrid(boolean alignCorners) {
            this.alignCorners = alignCorners;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] th = in[0].shape();
            if (th.length != 3 || !((th[1] == 2 && th[2] == 3) || (th[1] == 3 && th[2] == 4))) {
                throw new ShapeException("AffineGrid needs theta [N, 2, 3] or [N, 3, 4], found " + Arrays.toString(th));
            }
            int r = th[1];
            if (in[1].elementCount() != r + 2) {
                throw new ShapeException("AffineGrid needs size of " + (r + 2) + " values for theta " + Arrays.toString(th)
                        + ", found " + in[1].elementCount());
            }
            Tensor size = values[1];
            if (size == null) {
                return new TensorType[] {null};
            }
            if (size.getLong(0) != th[0]) {
                throw new ShapeException("AffineGrid needs size[0] equal to theta's N " + th[0] + ", found " + size.getLong(0));
            }
            int[] out = new int[r + 2];
            out[0] = th[0];
            for (int i = 0; i < r; i++) {
                out[1 + i] = (int) size.getLong(2 + i);
            }
            out[r + 1] = r;
            return new TensorType[] {TensorType.of(in[0].dtype(), out)};
        }

        private double coord(int i, int len) {
            if (alignCorners) {
                return len == 1 ? -1 : -1 + 2.0 * i / (len - 1);
            }
            return -1 + (2.0 * i + 1) / len;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor theta = in[0];
            Tensor y = out[0];
            int[] ys = y.shapeView();
            int r = ys[ys.length - 1];
            int points = y.size() / (ys[0] * r);
            double[] base = new double[r + 1];
            base[r] = 1;
            int[] c = new int[r];
            for (int p = 0; p < points; p++) {
                for (int a = 0; a < r; a++) {
                    base[a] = coord(c[r - 1 - a], ys[r - a]);
                }
                for (int n = 0; n < ys[0]; n++) {
                    for (int row = 0; row < r; row++) {
                        double s = 0;
                        for (int k = 0; k <= r; k++) {
                            s += theta.getDouble((n * r + row) * (r + 1) + k) * base[k];
                        }
                        y.setDouble((n * points + p) * r + row, s);
                    }
                }
                for (int a = r - 1; a >= 0 && ++c[a] == ys[1 + a]; a--) {
                    c[a] = 0;
                }
            }
        }
    }
}
