package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Linear quantization: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear. */
public final class QuantOps {
    private QuantOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("QuantizeLinear", 10, n -> new Quantize(n.getInt("axis", 1), n.getInt("block_size", 0),
                outputType(n, (int) n.getInt("output_dtype", 0))));
        r.register("DequantizeLinear", 10, n -> new Dequantize(n.getInt("axis", 1), n.getInt("block_size", 0)));
        r.register("DynamicQuantizeLinear", 11, n -> new DynamicQuantize());
    }

    private static DType outputType(NodeSpec n, int code) {
        if (code == 0) {
            return null;
        }
        DType t = DType.fromOnnx(code);
        if (t == null || !(t == DType.UINT8 || t == DType.INT8 || t == DType.UINT16 || t == DType.INT16)) {
            throw n.invalid("output_dtype must be uint8, int8, uint16 or int16, found " + DType.onnxName(code));
        }
        return t;
    }

    /** Rounds half to even and clamps to the integer range of {@code t}. */
    static long saturate(double v, DType t) {
        double r = Math.rint(v);
        double lo;
        double hi;
        switch (t) {
            case UINT8: lo = 0; hi = 255; break;
            case INT8: lo = -128; hi = 127; break;
            case UINT16: lo = 0; hi = 65535; break;
            case INT16: lo = -32768; hi = 32767; break;
            case INT32: lo = Integer.MIN_VALUE; hi = Integer.MAX_VALUE; break;
            default: throw new ShapeException("cannot quantize to " + t);
        }
        return (long) Math.max(lo, Math.min(hi, r));
    }

    /** Maps each element of x to its scale / zero-point element: per-tensor, per-axis (1-D) or blocked (same rank). */
    static final class ScaleIndex {
        final int inner;
        final int dim;
        final int block;
        final int scaleDim;
        final boolean perTensor;

        ScaleIndex(int[] x, int[] scale, long axisAttr, long blockSize) {
            int axis = (int) (axisAttr < 0 ? axisAttr + x.length : axisAttr);
            perTensor = ConvOps.product(scale) == 1 && (scale.length <= 1 || blockSize == 0);
            if (perTensor) {
                inner = dim = block = scaleDim = 1;
                return;
            }
            if (axis < 0 || axis >= x.length) {
                throw new ShapeException("quantization axis " + axisAttr + " out of range for rank " + x.length);
            }
            dim = x[axis];
            inner = ConvOps.product(Arrays.copyOfRange(x, axis + 1, x.length));
            if (blockSize > 0) {
                block = (int) blockSize;
                scaleDim = (dim + block - 1) / block;
                int[] expect = x.clone();
                expect[axis] = scaleDim;
                if (!Arrays.equals(expect, scale)) {
                    throw new ShapeException("blocked scale must be " + Arrays.toString(expect) + ", found " + Arrays.toString(scale));
                }
            } else {
                block = 1;
                scaleDim = dim;
                if (scale.length != 1 || scale[0] != dim) {
                    throw new ShapeException("per-axis scale must be [" + dim + "], found " + Arrays.toString(scale));
                }
            }
        }

        int of(int i) {
            if (perTensor) {
                return 0;
            }
            int a = i / inner % dim;
            if (block == 1 && scaleDim == dim) {
                return a;
            }
            int outer = i / (inner * dim);
            return (outer * scaleDim + a / block) * inner + i % inner;
        }
    }

    /** Scale as the reference computes it: float32 arithmetic when the scale is float32. */
    private static double div(double x, Tensor scale, int si) {
        double v = x / scale.getDouble(si);
        return scale.dtype() == DType.FLOAT ? (float) v : v;
    }

    /** y = saturate(round_half_even(x / y_scale) + y_zero_point); axis, block_size, output_dtype (default uint8 or the zero point's type). */
    public static final class Quantize implements Op {
        final long axis;
        final long blockSize;
        final DType outputDtype;

        Quantize(long axis, long blockSize, DType outputDtype) {
            this.axis = axis;
            this.blockSize = blockSize;
            this.outputDtype = outputDtype;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            boolean zp = in.length > 2 && in[2] != null;
            DType t = zp ? in[2].dtype() : outputDtype != null ? outputDtype : DType.UINT8;
            saturate(0, t);
            new ScaleIndex(in[0].shape(), in[1].shape(), axis, blockSize);
            if (zp && !Arrays.equals(in[2].shape(), in[1].shape())) {
                throw new ShapeException("zero point shape " + Arrays.toString(in[2].shape()) + " differs from scale "
                        + Arrays.toString(in[1].shape()));
            }
            return new TensorType[] {TensorType.of(t, in[0].shape())};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor zp = in.length > 2 ? in[2] : null;
            ScaleIndex si = new ScaleIndex(x.shapeView(), in[1].shapeView(), axis, blockSize);
            DType t = out[0].dtype();
            for (int i = 0; i < x.size(); i++) {
                int s = si.of(i);
                double q = Math.rint(div(x.getDouble(i), in[1], s)) + (zp == null ? 0 : zp.getLong(s));
                out[0].setLong(i, saturate(q, t));
            }
        }
    }

    /** y = (x - x_zero_point) * x_scale in the scale's float type; axis, block_size. */
    public static final class Dequantize implements Op {
        final long axis;
        final long blockSize;

        Dequantize(long axis, long blockSize) {
            this.axis = axis;
            this.blockSize = blockSize;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            new ScaleIndex(in[0].shape(), in[1].shape(), axis, blockSize);
            if (!in[1].dtype().isFloating()) {
                throw new ShapeException("DequantizeLinear scale must be float, found " + in[1].dtype());
            }
            return new TensorType[] {TensorType.of(in[1].dtype(), in[0].shape())};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor scale = in[1];
            Tensor zp = in.length > 2 ? in[2] : null;
            ScaleIndex si = new ScaleIndex(x.shapeView(), scale.shapeView(), axis, blockSize);
            boolean f32 = scale.dtype() == DType.FLOAT;
            for (int i = 0; i < x.size(); i++) {
                int s = si.of(i);
                double v = (x.getLong(i) - (zp == null ? 0 : zp.getLong(s)));
                out[0].setDouble(i, f32 ? (float) v * (float) scale.getDouble(s) : v * scale.getDouble(s));
            }
        }
    }

    /** Quantizes float32 x to uint8 with a scale and zero point computed from x's range (which always includes 0). */
    static final class DynamicQuantize implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].dtype() != DType.FLOAT) {
                throw new ShapeException("DynamicQuantizeLinear needs float32 input, found " + in[0].dtype());
            }
            return new TensorType[] {TensorType.of(DType.UINT8, in[0].shape()), TensorType.of(DType.FLOAT),
                TensorType.of(DType.UINT8)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            float[] x = in[0].floats();
            float lo = 0f;
            float hi = 0f;
            for (float v : x) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float scale = (hi - lo) / 255f;
            long zp = scale == 0f ? 0 : saturate((0f - lo) / scale, DType.UINT8);
            out[1].floats()[0] = scale;
            out[2].bytes()[0] = (byte) zp;
            byte[] y = out[0].bytes();
            for (int i = 0; i < x.length; i++) {
                y[i] = (byte) (scale == 0f ? zp : saturate(Math.rint(x[i] / scale) + zp, DType.UINT8));
            }
        }
    }
}
