package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Pooling: MaxPool, AveragePool, LpPool and their global forms. */
public final class PoolOps {
    private PoolOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("MaxPool", 1, n -> new Pool(Mode.MAX, ConvOps.Window.of(n, true), false, 0,
                n.getInt("storage_order", 0) != 0));
        r.register("AveragePool", 1, n -> new Pool(Mode.AVG, ConvOps.Window.of(n, true),
                n.getInt("count_include_pad", 0) != 0, 0, false));
        r.register("LpPool", 1, n -> new Pool(Mode.LP, ConvOps.Window.of(n, true), true, n.getInt("p", 2), false));
        r.register("LpPool", 2, n -> new Pool(Mode.LP, ConvOps.Window.of(n, true), true, n.getInt("p", 2), false));
        r.register("GlobalMaxPool", 1, n -> new GlobalPool(Mode.MAX, 0));
        r.register("GlobalAveragePool", 1, n -> new GlobalPool(Mode.AVG, 0));
        r.register("GlobalLpPool", 1, n -> new GlobalPool(Mode.LP, n.getInt("p", 2)));
        r.register("GlobalLpPool", 2, n -> new GlobalPool(Mode.LP, n.getInt("p", 2)));
    }

    /** How a window reduces. */
    public enum Mode { MAX, AVG, LP }

    /** Checks X [N, C, spatial...] of a poolable type. */
    static int[] checkInput(TensorType x, Mode mode) {
        int[] s = x.shape();
        if (s.length < 3) {
            throw new ShapeException("pooling needs X [N, C, spatial...], found " + Arrays.toString(s));
        }
        if (!x.dtype().isFloating() && !(mode == Mode.MAX && (x.dtype() == DType.INT8 || x.dtype() == DType.UINT8))) {
            throw new ShapeException("pooling needs float input (int8/uint8 for MaxPool), found " + x.dtype());
        }
        return s;
    }

    /**
     * Windowed pooling over N-D input (up to 3 spatial dims): MAX (optional int64 Indices output,
     * storage_order), AVG (count_include_pad), LP (p); kernel_shape, strides, dilations, pads, auto_pad, ceil_mode.
     */
    public static final class Pool implements Op {
        final Mode mode;
        final ConvOps.Window window;
        final boolean includePad;
        final long p;
        final boolean columnMajor;

        Pool(Mode mode, ConvOps.Window window, boolean includePad, long p, boolean columnMajor) {
            this.mode = mode;
            this.window = window;
            this.includePad = includePad;
            this.p = p;
            this.columnMajor = columnMajor;
        }

        public Mode mode() {
            return mode;
        }

        /** AVG: padded positions count in the divisor (count_include_pad). */
        public boolean includePad() {
            return includePad;
        }

        /** The geometry for an input shape as three spatial dims; {@code in3} receives the input's extents. */
        public ConvOps.Geometry geometry3d(int[] x, int[] in3) {
            return window.resolve(ConvOps.spatial(x), null).as3d(ConvOps.spatial(x), in3);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] x = checkInput(in[0], mode);
            ConvOps.Geometry g = window.resolve(ConvOps.spatial(x), null);
            int[] y = x.clone();
            System.arraycopy(g.out, 0, y, 2, g.out.length);
            TensorType[] out = new TensorType[outputCount];
            out[0] = TensorType.of(in[0].dtype(), y);
            if (outputCount > 1) {
                out[1] = TensorType.of(DType.INT64, y);
            }
            return out;
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            long k = 1;
            for (long d : window.kernel) {
                k *= d;
            }
            return out[0] == null ? 0 : out[0].elementCount() * k;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor xt = in[0];
            int[] xs = xt.shapeView();
            int[] in3 = new int[3];
            ConvOps.Geometry g = window.resolve(ConvOps.spatial(xs), null).as3d(ConvOps.spatial(xs), in3);
            int planes = xs[0] * xs[1];
            int inSize = ConvOps.product(in3);
            int outSize = g.outSize();
            Tensor idx = out.length > 1 ? out[1] : null;
            if (xt.dtype() == DType.FLOAT && idx == null && mode != Mode.LP) {
                for (int plane = 0; plane < planes; plane++) {
                    poolPlane(xt.floats(), plane * inSize, in3, g, out[0].floats(), plane * outSize);
                }
                return;
            }
            double[] x = NormalizationOps.toDoubles(xt);
            int[] pos = new int[1];
            Tensor y = out[0];
            float[] yf = y.dtype() == DType.FLOAT ? y.floats() : null;
            for (int plane = 0; plane < planes; plane++) {
                int o = plane * outSize;
                for (int od = 0; od < g.out[0]; od++) {
                    for (int oh = 0; oh < g.out[1]; oh++) {
                        for (int ow = 0; ow < g.out[2]; ow++, o++) {
                            double v = reduce(x, plane * inSize, in3, g, od, oh, ow, pos);
                            if (yf != null) {
                                yf[o] = (float) v;
                            } else {
                                y.setDouble(o, v);
                            }
                            if (idx != null) {
                                idx.setLong(o, (long) plane * inSize + spatialIndex(pos[0], in3, xs.length - 2));
                            }
                        }
                    }
                }
            }
        }

        /** Float32 MAX or AVG of one plane, kernel tap by tap over output rows (no per-element window bookkeeping). */
        private void poolPlane(float[] x, int xOff, int[] in, ConvOps.Geometry g, float[] y, int yOff) {
            int[] o = g.out;
            int ow = o[2];
            int s = g.strides[2];
            Arrays.fill(y, yOff, yOff + g.outSize(), mode == Mode.MAX ? Float.NEGATIVE_INFINITY : 0f);
            for (int kd = 0; kd < g.kernel[0]; kd++) {
                for (int kh = 0; kh < g.kernel[1]; kh++) {
                    for (int kw = 0; kw < g.kernel[2]; kw++) {
                        int shift = kw * g.dilations[2] - g.padBegin[2];
                        int lo = Math.max(0, Math.min(ow, ConvOps.ceilDiv(-shift, s)));
                        int hi = Math.max(lo, Math.min(ow, ConvOps.ceilDiv(in[2] - shift, s)));
                        int dst = yOff;
                        for (int od = 0; od < o[0]; od++) {
                            int id = od * g.strides[0] + kd * g.dilations[0] - g.padBegin[0];
                            for (int oh = 0; oh < o[1]; oh++, dst += ow) {
                                int ih = oh * g.strides[1] + kh * g.dilations[1] - g.padBegin[1];
                                if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                                    continue;
                                }
                                int src = xOff + (id * in[1] + ih) * in[2] + shift;
                                if (mode == Mode.MAX) {
                                    for (int j = lo; j < hi; j++) {
                                        y[dst + j] = Math.max(y[dst + j], x[src + j * s]);
                                    }
                                } else {
                                    for (int j = lo; j < hi; j++) {
                                        y[dst + j] += x[src + j * s];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if (mode == Mode.AVG) {
                divideByCounts(in, g, y, yOff);
            }
        }

        /** Divides window sums by their element counts: all taps with count_include_pad, else the taps inside the input. */
        private void divideByCounts(int[] in, ConvOps.Geometry g, float[] y, int yOff) {
            int[][] counts = new int[3][];
            for (int d = 0; d < 3; d++) {
                counts[d] = new int[g.out[d]];
                for (int o = 0; o < g.out[d]; o++) {
                    for (int k = 0; k < g.kernel[d]; k++) {
                        int i = o * g.strides[d] + k * g.dilations[d] - g.padBegin[d];
                        counts[d][o] += includePad || i >= 0 && i < in[d] ? 1 : 0;
                    }
                }
            }
            int p = yOff;
            for (int od = 0; od < g.out[0]; od++) {
                for (int oh = 0; oh < g.out[1]; oh++) {
                    for (int ow = 0; ow < g.out[2]; ow++, p++) {
                        y[p] /= counts[0][od] * counts[1][oh] * counts[2][ow];
                    }
                }
            }
        }

        /** Row-major 3-D offset to the index Indices reports (row- or column-major over the real spatial dims). */
        private long spatialIndex(int rowMajor, int[] in3, int rank) {
            if (!columnMajor) {
                return rowMajor;
            }
            int[] c = {rowMajor / (in3[1] * in3[2]), rowMajor / in3[2] % in3[1], rowMajor % in3[2]};
            long r = 0;
            long mul = 1;
            for (int d = 3 - rank; d < 3; d++) {
                r += c[d] * mul;
                mul *= in3[d];
            }
            return r;
        }

        private double reduce(double[] x, int base, int[] in, ConvOps.Geometry g, int od, int oh, int ow, int[] pos) {
            int[] k = g.kernel;
            double acc = mode == Mode.MAX ? Double.NEGATIVE_INFINITY : 0;
            int count = 0;
            for (int kd = 0; kd < k[0]; kd++) {
                int id = od * g.strides[0] + kd * g.dilations[0] - g.padBegin[0];
                for (int kh = 0; kh < k[1]; kh++) {
                    int ih = oh * g.strides[1] + kh * g.dilations[1] - g.padBegin[1];
                    for (int kw = 0; kw < k[2]; kw++) {
                        int iw = ow * g.strides[2] + kw * g.dilations[2] - g.padBegin[2];
                        boolean inside = id >= 0 && id < in[0] && ih >= 0 && ih < in[1] && iw >= 0 && iw < in[2];
                        if (!inside) {
                            count += includePad ? 1 : 0;
                            continue;
                        }
                        int off = (id * in[1] + ih) * in[2] + iw;
                        double v = x[base + off];
                        count++;
                        if (mode == Mode.MAX) {
                            if (v > acc) {
                                acc = v;
                                pos[0] = off;
                            }
                        } else {
                            acc += mode == Mode.AVG ? v : Math.pow(Math.abs(v), p);
                        }
                    }
                }
            }
            if (mode == Mode.AVG) {
                return acc / count;
            }
            return mode == Mode.LP ? Math.pow(acc, 1.0 / p) : acc;
        }
    }

    /** Pooling over all spatial dims at once: GlobalMaxPool, GlobalAveragePool, GlobalLpPool (p); output [N, C, 1, ...]. */
    public static final class GlobalPool implements Op {
        final Mode mode;
        final long p;

        GlobalPool(Mode mode, long p) {
            this.mode = mode;
            this.p = p;
        }

        public Mode mode() {
            return mode;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] y = checkInput(in[0], mode);
            Arrays.fill(y, 2, y.length, 1);
            return new TensorType[] {TensorType.of(in[0].dtype(), y)};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            return in[0].elementCount();
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int planes = x.dim(0) * x.dim(1);
            int size = x.size() / Math.max(1, planes);
            float[] xf = x.dtype() == DType.FLOAT ? x.floats() : null;
            for (int pl = 0; pl < planes; pl++) {
                double acc = mode == Mode.MAX ? Double.NEGATIVE_INFINITY : 0;
                for (int i = pl * size; i < (pl + 1) * size; i++) {
                    double v = xf != null ? xf[i] : x.getDouble(i);
                    if (mode == Mode.MAX) {
                        acc = Math.max(acc, v);
                    } else {
                        acc += mode == Mode.AVG ? v : Math.pow(Math.abs(v), p);
                    }
                }
                double r = mode == Mode.AVG ? acc / size : mode == Mode.LP ? Math.pow(acc, 1.0 / p) : acc;
                out[0].setDouble(pl, r);
            }
        }
    }
}
