package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Transposed convolution and column-to-image: ConvTranspose, Col2Im (float32, GEMM + col2im scatter). */
public final class ConvTransposeOps {
    private ConvTransposeOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("ConvTranspose", 1, n -> new ConvTranspose(ConvOps.Window.of(n, false), (int) n.getInt("group", 1),
                n.getInts("output_padding", null), n.getInts("output_shape", null)));
        r.register("Col2Im", 18, n -> new Col2Im(n.getInts("strides", null), n.getInts("dilations", null),
                n.getInts("pads", null)));
    }

    /**
     * Transposed N-D convolution (up to 3 spatial dims) with group, strides, dilations, pads, auto_pad,
     * output_padding, output_shape, kernel_shape and optional bias B; X [N,C,...], W [C, M/group, k...].
     */
    public static final class ConvTranspose implements Op {
        public int group() {
            return group;
        }

        /**
         * The geometry for X and W shapes as three spatial dims: {@code out()} holds X's spatial extents (the
         * grid the kernel slides over); {@code y3} receives Y's three spatial extents.
         */
        public ConvOps.Geometry geometry3d(int[] xs, int[] ws, int[] y3) {
            int[] ySpatial = new int[xs.length - 2];
            return geometry(xs, ws, ySpatial).as3d(ySpatial, y3);
        }

        final ConvOps.Window window;
        final int group;
        final long[] outputPadding;
        final long[] outputShape;

        ConvTranspose(ConvOps.Window window, int group, long[] outputPadding, long[] outputShape) {
            this.window = window;
            this.group = group;
            this.outputPadding = outputPadding;
            this.outputShape = outputShape;
        }

        /** The geometry with {@code out} = X's spatial dims (the grid the kernel slides over) and the Y spatial dims. */
        ConvOps.Geometry geometry(int[] xs, int[] ws, int[] ySpatial) {
            int r = xs.length - 2;
            int[] in = ConvOps.spatial(xs);
            ConvOps.Window w = window;
            int[] k = w.kernel != null ? ConvOps.Window.toInts(w.kernel, r, "kernel_shape") : ConvOps.spatial(ws);
            ConvOps.Geometry g = new ConvOps.Geometry(r);
            g.kernel = k;
            g.strides = w.strides == null || w.strides.length == 0 ? ConvOps.Window.ones(r) : ConvOps.Window.toInts(w.strides, r, "strides");
            g.dilations = w.dilations == null || w.dilations.length == 0 ? ConvOps.Window.ones(r)
                    : ConvOps.Window.toInts(w.dilations, r, "dilations");
            int[] op = outputPadding == null ? new int[r] : ConvOps.Window.toInts(outputPadding, r, "output_padding");
            int[] p = w.pads == null ? new int[2 * r] : ConvOps.Window.toInts(w.pads, 2 * r, "pads");
            int[] os = null;
            if (outputShape != null) {
                long[] spatialShape = outputShape.length == r + 2 ? Arrays.copyOfRange(outputShape, 2, r + 2) : outputShape;
                os = ConvOps.Window.toInts(spatialShape, r, "output_shape");
            }
            for (int i = 0; i < r; i++) {
                int full = g.strides[i] * (in[i] - 1) + op[i] + (k[i] - 1) * g.dilations[i] + 1;
                boolean same = w.autoPad.startsWith("SAME");
                if (os != null || same) {
                    int target = os != null ? os[i] : in[i] * g.strides[i];
                    int total = full - target;
                    boolean upper = w.autoPad.equals("SAME_UPPER");
                    g.padBegin[i] = upper ? Math.floorDiv(total, 2) : total - Math.floorDiv(total, 2);
                    g.padEnd[i] = total - g.padBegin[i];
                } else if (!w.autoPad.equals("VALID")) {
                    g.padBegin[i] = p[i];
                    g.padEnd[i] = p[i + r];
                }
                ySpatial[i] = full - g.padBegin[i] - g.padEnd[i];
                g.out[i] = in[i];
                if (ySpatial[i] < 1) {
                    throw new ShapeException("ConvTranspose output dim " + i + " would be " + ySpatial[i]);
                }
            }
            return g;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] xs = in[0].shape();
            int[] ws = in[1].shape();
            if (in[0].dtype() != DType.FLOAT || in[1].dtype() != DType.FLOAT) {
                throw new ShapeException("ConvTranspose supports float32 X and W, found " + in[0].dtype() + " and " + in[1].dtype());
            }
            if (xs.length < 3 || ws.length != xs.length || ws[0] != xs[1] || group < 1 || xs[1] % group != 0) {
                throw new ShapeException("ConvTranspose needs X [N,C,...] and W [C, M/group, k...] of one rank, found "
                        + Arrays.toString(xs) + " and " + Arrays.toString(ws));
            }
            int[] y = new int[xs.length];
            y[0] = xs[0];
            y[1] = ws[1] * group;
            int[] ySpatial = new int[xs.length - 2];
            geometry(xs, ws, ySpatial);
            System.arraycopy(ySpatial, 0, y, 2, ySpatial.length);
            if (in.length > 2 && in[2] != null && !Arrays.equals(in[2].shape(), new int[] {y[1]})) {
                throw new ShapeException("ConvTranspose bias must be [" + y[1] + "], found " + Arrays.toString(in[2].shape()));
            }
            return new TensorType[] {TensorType.of(DType.FLOAT, y)};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            int[] ws = in[1].shape();
            return 2L * in[0].elementCount() * (in[1].elementCount() / Math.max(1, ws[0]));
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] xs = in[0].shapeView();
            int[] ws = in[1].shapeView();
            int r = xs.length - 2;
            int[] ySpatial = new int[r];
            ConvOps.Geometry geo = geometry(xs, ws, ySpatial);
            int[] img = new int[3];
            ConvOps.Geometry g = geo.as3d(ySpatial, img);
            int n = xs[0];
            int c = xs[1];
            int cg = c / group;
            int mg = ws[1];
            int m = mg * group;
            int inSize = ConvOps.product(ConvOps.spatial(xs));
            int ySize = ConvOps.product(img);
            int rows = mg * g.kernelSize();
            float[] col = new float[rows * inSize];
            float[] x = in[0].floats();
            float[] w = in[1].floats();
            float[] y = out[0].floats();
            float[] b = in.length > 2 && in[2] != null ? in[2].floats() : null;
            for (int oc = 0; oc < n * m; oc++) {
                Arrays.fill(y, oc * ySize, (oc + 1) * ySize, b == null ? 0f : b[oc % m]);
            }
            for (int gi = 0; gi < group; gi++) {
                float[] wt = LinearAlgebraOps.transpose(w, gi * cg * rows, cg, rows);
                for (int img0 = 0; img0 < n; img0++) {
                    Arrays.fill(col, 0f);
                    LinearAlgebraOps.gemmAcc(wt, 0, x, (img0 * c + gi * cg) * inSize, col, 0, rows, cg, inSize);
                    col2imAdd(col, mg, img, g, y, (img0 * m + gi * mg) * ySize);
                }
            }
        }
    }

    /**
     * Scatter-adds col [channels * kd*kh*kw, od*oh*ow] into image planes y [channels, img...] at yOff: the
     * adjoint of {@link ConvOps#im2col} for the same 3-D geometry.
     */
    static void col2imAdd(float[] col, int channels, int[] img, ConvOps.Geometry g, float[] y, int yOff) {
        int[] o = g.out;
        int[] k = g.kernel;
        int row = 0;
        for (int ch = 0; ch < channels; ch++) {
            int cOff = yOff + ch * img[0] * img[1] * img[2];
            for (int kd = 0; kd < k[0]; kd++) {
                for (int kh = 0; kh < k[1]; kh++) {
                    for (int kw = 0; kw < k[2]; kw++, row++) {
                        int src = row * o[0] * o[1] * o[2];
                        for (int od = 0; od < o[0]; od++) {
                            int id = od * g.strides[0] + kd * g.dilations[0] - g.padBegin[0];
                            for (int oh = 0; oh < o[1]; oh++, src += o[2]) {
                                int ih = oh * g.strides[1] + kh * g.dilations[1] - g.padBegin[1];
                                if (id < 0 || id >= img[0] || ih < 0 || ih >= img[1]) {
                                    continue;
                                }
                                int base = cOff + (id * img[1] + ih) * img[2];
                                for (int ow = 0; ow < o[2]; ow++) {
                                    int iw = ow * g.strides[2] + kw * g.dilations[2] - g.padBegin[2];
                                    if (iw >= 0 && iw < img[2]) {
                                        y[base + iw] += col[src + ow];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Rearranges column blocks [N, C*prod(block_shape), L] into images [N, C, image_shape...] (float32), summing overlaps; strides, dilations, pads. */
    static final class Col2Im implements Op {
        final long[] strides;
        final long[] dilations;
        final long[] pads;

        Col2Im(long[] strides, long[] dilations, long[] pads) {
            this.strides = strides;
            this.dilations = dilations;
            this.pads = pads;
        }

        private ConvOps.Geometry geometry(int[] image, int[] block, int[] colShape) {
            ConvOps.Window w = new ConvOps.Window(toLongs(block), strides, dilations, pads, "NOTSET", false);
            ConvOps.Geometry g = w.resolve(image, null);
            int blocks = ConvOps.product(block);
            if (colShape.length != 3 || colShape[1] % blocks != 0 || colShape[2] != g.outSize()) {
                throw new ShapeException("Col2Im input must be [N, C*" + blocks + ", " + g.outSize() + "], found "
                        + Arrays.toString(colShape));
            }
            return g;
        }

        private static long[] toLongs(int[] a) {
            long[] l = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                l[i] = a[i];
            }
            return l;
        }

        private static int[] ints(Tensor t) {
            int[] a = new int[t.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.toIntExact(t.getLong(i));
            }
            return a;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].dtype() != DType.FLOAT) {
                throw new ShapeException("Col2Im supports float32 input, found " + in[0].dtype());
            }
            if (values[1] == null || values[2] == null) {
                return new TensorType[] {null};
            }
            int[] image = ints(values[1]);
            int[] block = ints(values[2]);
            int[] cs = in[0].shape();
            geometry(image, block, cs);
            int[] y = new int[image.length + 2];
            y[0] = cs[0];
            y[1] = cs[1] / ConvOps.product(block);
            System.arraycopy(image, 0, y, 2, image.length);
            return new TensorType[] {TensorType.of(DType.FLOAT, y)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] image = ints(in[1]);
            int[] block = ints(in[2]);
            int[] cs = in[0].shapeView();
            ConvOps.Geometry geo = geometry(image, block, cs);
            int[] img3 = new int[3];
            ConvOps.Geometry g = geo.as3d(image, img3);
            int channels = cs[1] / ConvOps.product(block);
            float[] y = out[0].floats();
            Arrays.fill(y, 0f);
            float[] x = in[0].floats();
            int per = cs[1] * cs[2];
            for (int n = 0; n < cs[0]; n++) {
                float[] col = Arrays.copyOfRange(x, n * per, (n + 1) * per);
                col2imAdd(col, channels, img3, g, y, n * channels * ConvOps.product(image));
            }
        }
    }
}
