package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Convolution: Conv (im2col + blocked GEMM for float32, direct loops otherwise) and the window geometry it shares with pooling. */
public final class ConvOps {
    private ConvOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Conv", 1, n -> new Conv(Window.of(n, false), (int) n.getInt("group", 1)));
    }

    /** Sliding-window attributes shared by convolution and pooling: kernel_shape, strides, dilations, pads, auto_pad, ceil_mode. */
    static final class Window {
        final long[] kernel;
        final long[] strides;
        final long[] dilations;
        final long[] pads;
        final String autoPad;
        final boolean ceil;

        Window(long[] kernel, long[] strides, long[] dilations, long[] pads, String autoPad, boolean ceil) {
            this.kernel = kernel;
            this.strides = strides;
            this.dilations = dilations;
            this.pads = pads;
            this.autoPad = autoPad;
            this.ceil = ceil;
        }

        static Window of(NodeSpec n, boolean pooling) {
            String autoPad = n.getString("auto_pad", "NOTSET");
            if (!Arrays.asList("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
                throw n.invalid("auto_pad must be NOTSET, VALID, SAME_UPPER or SAME_LOWER, found " + autoPad);
            }
            long[] kernel = n.getInts("kernel_shape", null);
            if (pooling && kernel == null) {
                throw n.invalid("kernel_shape is required");
            }
            return new Window(kernel, n.getInts("strides", null), n.getInts("dilations", null), n.getInts("pads", null),
                    autoPad, n.getInt("ceil_mode", 0) != 0);
        }

        /** Resolves the geometry for input spatial dims; {@code weightKernel} is used when kernel_shape is absent. */
        Geometry resolve(int[] in, int[] weightKernel) {
            int r = in.length;
            int[] k = kernel != null ? toInts(kernel, r, "kernel_shape") : weightKernel;
            if (k == null || k.length != r) {
                throw new ShapeException("kernel needs " + r + " spatial dims, found " + (k == null ? "none" : Arrays.toString(k)));
            }
            Geometry g = new Geometry(r);
            g.kernel = k;
            g.strides = strides == null || strides.length == 0 ? ones(r) : toInts(strides, r, "strides");
            g.dilations = dilations == null || dilations.length == 0 ? ones(r) : toInts(dilations, r, "dilations");
            int[] p = pads == null ? new int[2 * r] : toInts(pads, 2 * r, "pads");
            for (int i = 0; i < r; i++) {
                int ek = (k[i] - 1) * g.dilations[i] + 1;
                int s = g.strides[i];
                if (autoPad.startsWith("SAME")) {
                    g.out[i] = (in[i] + s - 1) / s;
                    int total = Math.max(0, (g.out[i] - 1) * s + ek - in[i]);
                    g.padBegin[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    g.padEnd[i] = total - g.padBegin[i];
                } else {
                    if (!autoPad.equals("VALID")) {
                        g.padBegin[i] = p[i];
                        g.padEnd[i] = p[i + r];
                    }
                    int span = in[i] + g.padBegin[i] + g.padEnd[i] - ek;
                    g.out[i] = (ceil ? (span + s - 1) / s : Math.floorDiv(span, s)) + 1;
                    if (ceil && (g.out[i] - 1) * s >= in[i] + g.padBegin[i]) {
                        g.out[i]--;
                    }
                }
                if (g.out[i] < 1) {
                    throw new ShapeException("window " + Arrays.toString(k) + " does not fit input " + Arrays.toString(in));
                }
            }
            return g;
        }

        static int[] ones(int r) {
            int[] a = new int[r];
            Arrays.fill(a, 1);
            return a;
        }

        static int[] toInts(long[] v, int len, String what) {
            if (v.length != len) {
                throw new ShapeException(what + " needs " + len + " values, found " + Arrays.toString(v));
            }
            int[] a = new int[len];
            for (int i = 0; i < len; i++) {
                a[i] = Math.toIntExact(v[i]);
            }
            return a;
        }
    }

    /** Resolved window geometry over the spatial dims. */
    public static final class Geometry {
        int[] kernel;
        int[] strides;
        int[] dilations;
        final int[] padBegin;
        final int[] padEnd;
        final int[] out;

        Geometry(int rank) {
            padBegin = new int[rank];
            padEnd = new int[rank];
            out = new int[rank];
        }

        /** The same geometry with leading unit dims added up to three spatial dims. */
        Geometry as3d(int[] in, int[] in3) {
            int r = in.length;
            if (r > 3) {
                throw new ShapeException("at most 3 spatial dims are supported, found " + r);
            }
            Geometry g = new Geometry(3);
            g.kernel = pad3(kernel, 1);
            g.strides = pad3(strides, 1);
            g.dilations = pad3(dilations, 1);
            System.arraycopy(padBegin, 0, g.padBegin, 3 - r, r);
            System.arraycopy(padEnd, 0, g.padEnd, 3 - r, r);
            System.arraycopy(pad3(out, 1), 0, g.out, 0, 3);
            System.arraycopy(pad3(in, 1), 0, in3, 0, 3);
            return g;
        }

        private static int[] pad3(int[] a, int fill) {
            int[] b = new int[] {fill, fill, fill};
            System.arraycopy(a, 0, b, 3 - a.length, a.length);
            return b;
        }

        int outSize() {
            int n = 1;
            for (int d : out) {
                n *= d;
            }
            return n;
        }

        int kernelSize() {
            int n = 1;
            for (int d : kernel) {
                n *= d;
            }
            return n;
        }

        /** Kernel extent per spatial dim. Accessors return the arrays themselves: do not mutate. */
        public int[] kernel() {
            return kernel;
        }

        public int[] strides() {
            return strides;
        }

        public int[] dilations() {
            return dilations;
        }

        public int[] padBegin() {
            return padBegin;
        }

        public int[] padEnd() {
            return padEnd;
        }

        /** Output extent per spatial dim. */
        public int[] out() {
            return out;
        }
    }

    static int[] spatial(int[] shape) {
        return Arrays.copyOfRange(shape, 2, shape.length);
    }

    static int product(int[] a) {
        int n = 1;
        for (int d : a) {
            n *= d;
        }
        return n;
    }

    /** Output shape of a convolution, validating X [N,C,...], W [M,C/group,...] and B [M]. */
    static int[] convShape(Window w, int group, int[] x, int[] wt, int[] b) {
        if (x.length < 3 || wt.length != x.length) {
            throw new ShapeException("Conv needs X of rank >= 3 and W of the same rank, found " + Arrays.toString(x)
                    + " and " + Arrays.toString(wt));
        }
        if (group < 1 || x[1] != wt[1] * group || wt[0] % group != 0) {
            throw new ShapeException("Conv with group " + group + " needs X channels " + x[1] + " = W dim 1 (" + wt[1]
                    + ") * group and W dim 0 (" + wt[0] + ") divisible by group");
        }
        if (b != null && (b.length != 1 || b[0] != wt[0])) {
            throw new ShapeException("Conv bias must be [" + wt[0] + "], found " + Arrays.toString(b));
        }
        if (w.kernel != null && !Arrays.equals(Window.toInts(w.kernel, x.length - 2, "kernel_shape"), spatial(wt))) {
            throw new ShapeException("kernel_shape " + Arrays.toString(w.kernel) + " differs from W " + Arrays.toString(wt));
        }
        Geometry g = w.resolve(spatial(x), spatial(wt));
        int[] y = new int[x.length];
        y[0] = x[0];
        y[1] = wt[0];
        System.arraycopy(g.out, 0, y, 2, g.out.length);
        return y;
    }

    /** Multiply-adds of a convolution (2 flops each): every output element takes W's per-output-channel elements. */
    static long convFlops(TensorType w, TensorType y) {
        if (y == null || !y.isStatic()) {
            return 0;
        }
        int[] ws = w.shape();
        return 2L * y.elementCount() * (w.elementCount() / Math.max(1, ws[0]));
    }

    /** N-D convolution with groups (depthwise included), strides, dilations, pads/auto_pad and optional bias B. */
    public static final class Conv implements Op {
        final Window window;
        final int group;

        Conv(Window window, int group) {
            this.window = window;
            this.group = group;
        }

        public int group() {
            return group;
        }

        /**
         * The geometry for X and W shapes as three spatial dims (leading unit dims added); {@code in3}
         * receives the input's three spatial extents.
         */
        public Geometry geometry3d(int[] x, int[] w, int[] in3) {
            return window.resolve(spatial(x), spatial(w)).as3d(spatial(x), in3);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[1].dtype() != in[0].dtype() || !in[0].dtype().isFloating()) {
                throw new ShapeException("Conv needs float X and W of one type, found " + in[0].dtype() + " and " + in[1].dtype());
            }
            int[] b = in.length > 2 && in[2] != null ? in[2].shape() : null;
            return new TensorType[] {TensorType.of(in[0].dtype(), convShape(window, group, in[0].shape(), in[1].shape(), b))};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            return convFlops(in[1], out[0]);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor b = in.length > 2 ? in[2] : null;
            Geometry g = window.resolve(spatial(in[0].shapeView()), spatial(in[1].shapeView()));
            if (out[0].dtype() == DType.FLOAT) {
                convFloat(in[0], in[1], b == null ? null : b.floats(), out[0], g, group);
            } else {
                double[] x = NormalizationOps.toDoubles(in[0]);
                double[] w = NormalizationOps.toDoubles(in[1]);
                double[] y = QLinearOps.convDirect(x, in[0].shapeView(), w, in[1].shapeView(), g, group);
                int per = g.outSize();
                for (int i = 0; i < y.length; i++) {
                    out[0].setDouble(i, y[i] + (b == null ? 0 : b.getDouble(i / per % in[1].dim(0))));
                }
            }
        }
    }

    /** Most elements one im2col buffer holds (16 MiB); larger outputs are processed in bands of output rows. */
    private static final int COL_LIMIT = 1 << 22;

    /**
     * Float32 convolution: per image and group, im2col (in bands of output rows so the buffer stays bounded;
     * skipped for 1x1 stride-1 kernels) then a blocked GEMM; depthwise channels are convolved directly.
     */
    static void convFloat(Tensor xt, Tensor wt, float[] bias, Tensor yt, Geometry geo, int group) {
        int[] xs = xt.shapeView();
        int[] in3 = new int[3];
        Geometry g = geo.as3d(spatial(xs), in3);
        int c = xs[1];
        int m = wt.dim(0);
        int cg = c / group;
        int mg = m / group;
        int inSize = product(in3);
        int outSize = g.outSize();
        int kdim = cg * g.kernelSize();
        boolean depthwise = cg == 1 && mg == 1;
        boolean direct = isPointwise(g);
        int rows = g.out[0] * g.out[1];
        int band = direct || depthwise ? rows : Math.max(1, Math.min(rows, COL_LIMIT / Math.max(1, kdim * g.out[2])));
        float[] col = direct || depthwise ? null : new float[kdim * band * g.out[2]];
        float[] part = band < rows ? new float[mg * band * g.out[2]] : null;
        float[] x = xt.floats();
        float[] w = wt.floats();
        float[] y = yt.floats();
        for (int img = 0; img < xs[0]; img++) {
            int yImg = img * m * outSize;
            for (int oc = 0; oc < m; oc++) {
                Arrays.fill(y, yImg + oc * outSize, yImg + (oc + 1) * outSize, bias == null ? 0f : bias[oc]);
            }
            for (int gi = 0; gi < group; gi++) {
                int xOff = (img * c + gi * cg) * inSize;
                int yOff = yImg + gi * mg * outSize;
                if (depthwise) {
                    depthwise(x, xOff, in3, w, gi * kdim, g, y, yOff);
                } else if (direct) {
                    LinearAlgebraOps.gemmAcc(w, gi * mg * kdim, x, xOff, y, yOff, mg, kdim, outSize);
                } else {
                    for (int r0 = 0; r0 < rows; r0 += band) {
                        int r1 = Math.min(rows, r0 + band);
                        im2col(x, xOff, cg, in3, g, col, r0, r1);
                        gemmBand(w, gi * mg * kdim, col, part, y, yOff, mg, kdim, outSize, r0 * g.out[2], (r1 - r0) * g.out[2]);
                    }
                }
            }
        }
    }

    /** Adds W [mg x kdim] * col [kdim x cols] into output columns [c0, c0 + cols) of mg planes (via {@code part} when banded). */
    private static void gemmBand(float[] w, int wOff, float[] col, float[] part, float[] y, int yOff, int mg, int kdim,
            int outSize, int c0, int cols) {
        if (part == null) {
            LinearAlgebraOps.gemmAcc(w, wOff, col, 0, y, yOff, mg, kdim, outSize);
            return;
        }
        Arrays.fill(part, 0, mg * cols, 0f);
        LinearAlgebraOps.gemmAcc(w, wOff, col, 0, part, 0, mg, kdim, cols);
        for (int i = 0; i < mg; i++) {
            int dst = yOff + i * outSize + c0;
            for (int j = 0; j < cols; j++) {
                y[dst + j] += part[i * cols + j];
            }
        }
    }

    private static boolean isPointwise(Geometry g) {
        for (int i = 0; i < 3; i++) {
            if (g.kernel[i] != 1 || g.strides[i] != 1 || g.padBegin[i] != 0 || g.padEnd[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fills col [channels * kd*kh*kw, (r1 - r0) * ow] with the input patches of one image and group for output
     * rows [r0, r1) of the flattened (od, oh) grid; zeros for padding.
     */
    static void im2col(float[] x, int xOff, int channels, int[] in, Geometry g, float[] col, int r0, int r1) {
        int[] o = g.out;
        int[] k = g.kernel;
        int ow = o[2];
        int row = 0;
        for (int ch = 0; ch < channels; ch++) {
            int cOff = xOff + ch * in[0] * in[1] * in[2];
            for (int kd = 0; kd < k[0]; kd++) {
                for (int kh = 0; kh < k[1]; kh++) {
                    for (int kw = 0; kw < k[2]; kw++) {
                        int shift = kw * g.dilations[2] - g.padBegin[2];
                        int s = g.strides[2];
                        int lo = Math.max(0, Math.min(ow, ceilDiv(-shift, s)));
                        int hi = Math.max(lo, Math.min(ow, ceilDiv(in[2] - shift, s)));
                        int dst = row * (r1 - r0) * ow;
                        for (int r = r0; r < r1; r++, dst += ow) {
                            int id = r / o[1] * g.strides[0] + kd * g.dilations[0] - g.padBegin[0];
                            int ih = r % o[1] * g.strides[1] + kh * g.dilations[1] - g.padBegin[1];
                            if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                                Arrays.fill(col, dst, dst + ow, 0f);
                                continue;
                            }
                            int src = cOff + (id * in[1] + ih) * in[2] + shift;
                            Arrays.fill(col, dst, dst + lo, 0f);
                            for (int j = lo; j < hi; j++) {
                                col[dst + j] = x[src + j * s];
                            }
                            Arrays.fill(col, dst + hi, dst + ow, 0f);
                        }
                        row++;
                    }
                }
            }
        }
    }

    /** Adds one channel's convolution with its own kernel (depthwise) into the output plane at yOff. */
    static void depthwise(float[] x, int xOff, int[] in, float[] w, int wOff, Geometry g, float[] y, int yOff) {
        int[] o = g.out;
        int s = g.strides[2];
        int tap = wOff;
        for (int kd = 0; kd < g.kernel[0]; kd++) {
            for (int kh = 0; kh < g.kernel[1]; kh++) {
                for (int kw = 0; kw < g.kernel[2]; kw++) {
                    float wv = w[tap++];
                    int shift = kw * g.dilations[2] - g.padBegin[2];
                    int lo = Math.max(0, Math.min(o[2], ceilDiv(-shift, s)));
                    int hi = Math.max(lo, Math.min(o[2], ceilDiv(in[2] - shift, s)));
                    int dst = yOff;
                    for (int od = 0; od < o[0]; od++) {
                        int id = od * g.strides[0] + kd * g.dilations[0] - g.padBegin[0];
                        for (int oh = 0; oh < o[1]; oh++, dst += o[2]) {
                            int ih = oh * g.strides[1] + kh * g.dilations[1] - g.padBegin[1];
                            if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                                continue;
                            }
                            int src = xOff + (id * in[1] + ih) * in[2] + shift;
                            for (int j = lo; j < hi; j++) {
                                y[dst + j] += wv * x[src + j * s];
                            }
                        }
                    }
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
