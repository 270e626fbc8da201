package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Integer and quantized-linear products: MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv. */
public final class QLinearOps {
    private QLinearOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("MatMulInteger", 10, n -> new MatMulInteger());
        r.register("ConvInteger", 10, n -> new ConvInteger(ConvOps.Window.of(n, false), (int) n.getInt("group", 1)));
        r.register("QLinearMatMul", 10, n -> new QLinearMatMul());
        r.register("QLinearConv", 10, n -> new QLinearConv(ConvOps.Window.of(n, false), (int) n.getInt("group", 1)));
    }

    static void checkInt8(TensorType t, String what) {
        if (t.dtype() != DType.UINT8 && t.dtype() != DType.INT8) {
            throw new ShapeException(what + " must be uint8 or int8, found " + t.dtype());
        }
    }

    /** Elements minus a zero point given per tensor or per slice along {@code axis} (stride {@code inner}). */
    static double[] centered(Tensor t, Tensor zp, int axis) {
        double[] d = new double[t.size()];
        int inner = axis < 0 ? 1 : ConvOps.product(Arrays.copyOfRange(t.shapeView(), axis + 1, t.rank()));
        int dim = axis < 0 ? 1 : t.dim(axis);
        boolean perTensor = zp == null || zp.size() == 1;
        for (int i = 0; i < d.length; i++) {
            long z = zp == null ? 0 : zp.getLong(perTensor ? 0 : i / inner % dim);
            d[i] = t.getLong(i) - z;
        }
        return d;
    }

    /** Batched product of two centered operands in double (exact for 8-bit inputs); returns the result shape in {@code shape}. */
    static double[] matmul(double[] a, int[] as, double[] b, int[] bs, LinearAlgebraOps.MatMulShape s) {
        double[] y = new double[s.batches * s.m * s.n];
        for (int bi = 0; bi < s.batches; bi++) {
            int ao = s.aBatch(bi) * s.m * s.k;
            int bo = s.bBatch(bi) * s.k * s.n;
            int yo = bi * s.m * s.n;
            for (int i = 0; i < s.m; i++) {
                for (int p = 0; p < s.k; p++) {
                    double av = a[ao + i * s.k + p];
                    for (int j = 0; j < s.n; j++) {
                        y[yo + i * s.n + j] += av * b[bo + p * s.n + j];
                    }
                }
            }
        }
        return y;
    }

    /** int32 (A - a_zero_point) x (B - b_zero_point), numpy matmul shapes; a_zero_point per row or tensor, b_zero_point per column or tensor. */
    static final class MatMulInteger implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            checkInt8(in[0], "A");
            checkInt8(in[1], "B");
            return new TensorType[] {TensorType.of(DType.INT32, LinearAlgebraOps.MatMulShape.of(in[0].shape(), in[1].shape()).out)};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            return LinearAlgebraOps.matMulFlops(in[0], out[0]);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor a = in[0];
            Tensor b = in[1];
            LinearAlgebraOps.MatMulShape s = LinearAlgebraOps.MatMulShape.of(a.shapeView(), b.shapeView());
            double[] y = matmul(centered(a, in.length > 2 ? in[2] : null, a.rank() - 2), a.shapeView(),
                    centered(b, in.length > 3 ? in[3] : null, b.rank() - 1), b.shapeView(), s);
            for (int i = 0; i < y.length; i++) {
                out[0].setLong(i, (long) y[i]);
            }
        }
    }

    /** int32 convolution of (x - x_zero_point) with (w - w_zero_point, per output channel or tensor); Conv's attributes. */
    static final class ConvInteger implements Op {
        final ConvOps.Window window;
        final int group;

        ConvInteger(ConvOps.Window window, int group) {
            this.window = window;
            this.group = group;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            checkInt8(in[0], "x");
            checkInt8(in[1], "w");
            return new TensorType[] {TensorType.of(DType.INT32, ConvOps.convShape(window, group, in[0].shape(), in[1].shape(), null))};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            return ConvOps.convFlops(in[1], out[0]);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            double[] y = conv(window, group, in[0], in.length > 2 ? in[2] : null, in[1], in.length > 3 ? in[3] : null);
            for (int i = 0; i < y.length; i++) {
                out[0].setLong(i, (long) y[i]);
            }
        }
    }

    static double[] conv(ConvOps.Window window, int group, Tensor x, Tensor xzp, Tensor w, Tensor wzp) {
        ConvOps.Geometry g = window.resolve(ConvOps.spatial(x.shapeView()), ConvOps.spatial(w.shapeView()));
        return convDirect(centered(x, xzp, -1), x.shapeView(), centered(w, wzp, 0), w.shapeView(), g, group);
    }

    /** Requantizes an accumulator: saturate(round(acc * multiplier) + zero point). */
    static void requantize(double[] acc, double[] multiplier, int inner, int dim, Tensor yzp, Tensor y) {
        long z = yzp == null ? 0 : yzp.getLong(0);
        for (int i = 0; i < acc.length; i++) {
            double m = multiplier.length == 1 ? multiplier[0] : multiplier[i / inner % dim];
            y.setLong(i, QuantOps.saturate(Math.rint(acc[i] * m) + z, y.dtype()));
        }
    }

    static double[] multipliers(Tensor aScale, Tensor bScale, Tensor yScale) {
        int n = Math.max(aScale.size(), bScale.size());
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            float s = (float) aScale.getDouble(aScale.size() == 1 ? 0 : i) * (float) bScale.getDouble(bScale.size() == 1 ? 0 : i);
            m[i] = s / (float) yScale.getDouble(0);
        }
        return m;
    }

    /** Quantized matmul: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point; output in y_zero_point's type. */
    static final class QLinearMatMul implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            checkInt8(in[0], "a");
            checkInt8(in[3], "b");
            return new TensorType[] {TensorType.of(in[7].dtype(), LinearAlgebraOps.MatMulShape.of(in[0].shape(), in[3].shape()).out)};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            return LinearAlgebraOps.matMulFlops(in[0], out[0]);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor a = in[0];
            Tensor b = in[3];
            LinearAlgebraOps.MatMulShape s = LinearAlgebraOps.MatMulShape.of(a.shapeView(), b.shapeView());
            double[] acc = matmul(centered(a, in[2], a.rank() - 2), a.shapeView(), centered(b, in[5], b.rank() - 1), b.shapeView(), s);
            if (in[1].size() != 1) {
                throw new ShapeException("QLinearMatMul supports a per-tensor a_scale, found " + in[1].size() + " values");
            }
            requantize(acc, multipliers(in[1], in[4], in[6]), 1, s.n, in[7], out[0]);
        }
    }

    /** Quantized convolution: x, x_scale, x_zp, w, w_scale, w_zp (per output channel or tensor), y_scale, y_zp, optional int32 B; Conv's attributes. */
    static final class QLinearConv implements Op {
        final ConvOps.Window window;
        final int group;

        QLinearConv(ConvOps.Window window, int group) {
            this.window = window;
            this.group = group;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            checkInt8(in[0], "x");
            checkInt8(in[3], "w");
            int[] b = in.length > 8 && in[8] != null ? in[8].shape() : null;
            return new TensorType[] {TensorType.of(in[7].dtype(), ConvOps.convShape(window, group, in[0].shape(), in[3].shape(), b))};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            return ConvOps.convFlops(in[3], out[0]);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            double[] acc = conv(window, group, in[0], in[2], in[3], in[5]);
            int m = in[3].dim(0);
            int per = ConvOps.product(ConvOps.spatial(out[0].shapeView()));
            Tensor b = in.length > 8 ? in[8] : null;
            if (b != null) {
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += b.getLong(i / per % m);
                }
            }
            requantize(acc, multipliers(in[1], in[4], in[6]), per, m, in[7], out[0]);
        }
    }

    /** Direct convolution in double (no bias): X [N,C,...], W [M,C/group,...]; returns Y [N,M,out...] flattened. */
    static double[] convDirect(double[] x, int[] xs, double[] w, int[] ws, ConvOps.Geometry geo, int group) {
        int[] in = new int[3];
        ConvOps.Geometry g = geo.as3d(ConvOps.spatial(xs), in);
        int n = xs[0];
        int c = xs[1];
        int m = ws[0];
        int cg = c / group;
        int mg = m / group;
        int inSize = ConvOps.product(in);
        int outSize = g.outSize();
        int ksize = g.kernelSize();
        double[] y = new double[n * m * outSize];
        for (int img = 0; img < n; img++) {
            for (int oc = 0; oc < m; oc++) {
                int xBase = (img * c + oc / mg * cg) * inSize;
                int wBase = oc * cg * ksize;
                int yBase = (img * m + oc) * outSize;
                int p = 0;
                for (int od = 0; od < g.out[0]; od++) {
                    for (int oh = 0; oh < g.out[1]; oh++) {
                        for (int ow = 0; ow < g.out[2]; ow++) {
                            y[yBase + p++] = window(x, xBase, inSize, in, w, wBase, cg, g, od, oh, ow);
                        }
                    }
                }
            }
        }
        return y;
    }

    private static double window(double[] x, int xBase, int inSize, int[] in, double[] w, int wBase, int cg, ConvOps.Geometry g,
            int od, int oh, int ow) {
        double sum = 0;
        int[] k = g.kernel;
        for (int ch = 0; ch < cg; ch++) {
            for (int kd = 0; kd < k[0]; kd++) {
                int id = od * g.strides[0] + kd * g.dilations[0] - g.padBegin[0];
                for (int kh = 0; kh < k[1]; kh++) {
                    int ih = oh * g.strides[1] + kh * g.dilations[1] - g.padBegin[1];
                    for (int kw = 0; kw < k[2]; kw++) {
                        int iw = ow * g.strides[2] + kw * g.dilations[2] - g.padBegin[2];
                        if (id >= 0 && id < in[0] && ih >= 0 && ih < in[1] && iw >= 0 && iw < in[2]) {
                            sum += x[xBase + ch * inSize + (id * in[1] + ih) * in[2] + iw]
                                    * w[wBase + ((ch * k[0] + kd) * k[1] + kh) * k[2] + kw];
                        }
                    }
                }
            }
        }
        return sum;
    }
}
