package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Deformable convolution: DeformConv (2-D, float32). */
public final class DeformConvOps {
    private DeformConvOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("DeformConv", 19, n -> new DeformConv(ConvOps.Window.of(n, false), (int) n.getInt("group", 1),
                (int) n.getInt("offset_group", 1)));
    }

    /**
     * 2-D convolution sampling X bilinearly (zeros outside) at kernel positions moved by offset [N, og*kh*kw*2, oh, ow],
     * weighted by an optional mask [N, og*kh*kw, oh, ow]; optional bias B; group, offset_group, strides, dilations, pads.
     */
    static final class DeformConv implements Op {
        final ConvOps.Window window;
        final int group;
        final int offsetGroup;

        DeformConv(ConvOps.Window window, int group, int offsetGroup) {
            this.window = window;
            this.group = group;
            this.offsetGroup = offsetGroup;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            for (int i = 0; i < in.length; i++) {
                if (in[i] != null && in[i].dtype() != DType.FLOAT) {
                    throw new ShapeException("DeformConv supports float32 inputs, input " + i + " is " + in[i].dtype());
                }
            }
            int[] xs = in[0].shape();
            if (xs.length != 4) {
                throw new ShapeException("DeformConv supports 2-D images X [N,C,H,W], found " + Arrays.toString(xs));
            }
            int[] b = in.length > 3 && in[3] != null ? in[3].shape() : null;
            int[] y = ConvOps.convShape(window, group, xs, in[1].shape(), b);
            int[] ws = in[1].shape();
            int[] off = in[2].shape();
            int[] expect = {y[0], offsetGroup * ws[2] * ws[3] * 2, y[2], y[3]};
            if (offsetGroup < 1 || xs[1] % offsetGroup != 0 || !Arrays.equals(off, expect)) {
                throw new ShapeException("DeformConv offset must be " + Arrays.toString(expect) + " with C divisible by offset_group "
                        + offsetGroup + ", found " + Arrays.toString(off));
            }
            return new TensorType[] {TensorType.of(DType.FLOAT, y)};
        }

        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            return ConvOps.convFlops(in[1], out[0]);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] xs = in[0].shapeView();
            int[] ws = in[1].shapeView();
            ConvOps.Geometry g = window.resolve(ConvOps.spatial(xs), ConvOps.spatial(ws));
            int n = xs[0];
            int c = xs[1];
            int m = ws[0];
            int cg = c / group;
            int mg = m / group;
            int kk = g.kernel[0] * g.kernel[1];
            int outSize = g.outSize();
            float[] col = new float[cg * kk * outSize];
            float[] y = out[0].floats();
            float[] b = in.length > 3 && in[3] != null ? in[3].floats() : null;
            Tensor mask = in.length > 4 ? in[4] : null;
            for (int img = 0; img < n; img++) {
                for (int oc = 0; oc < m; oc++) {
                    int o = (img * m + oc) * outSize;
                    Arrays.fill(y, o, o + outSize, b == null ? 0f : b[oc]);
                }
                for (int gi = 0; gi < group; gi++) {
                    for (int ch = 0; ch < cg; ch++) {
                        int cAbs = gi * cg + ch;
                        sample(in[0].floats(), (img * c + cAbs) * xs[2] * xs[3], xs[2], xs[3], in[2].floats(),
                                mask == null ? null : mask.floats(), img * offsetGroup + cAbs / (c / offsetGroup), g, col,
                                ch * kk * outSize);
                    }
                    LinearAlgebraOps.gemmAcc(in[1].floats(), gi * mg * cg * kk, col, 0, y, (img * m + gi * mg) * outSize,
                            mg, cg * kk, outSize);
                }
            }
        }

        /** Deformable im2col rows of one channel: kh*kw rows of oh*ow samples, at col[colOff]. */
        private static void sample(float[] x, int xOff, int h, int w, float[] offset, float[] mask, int og, ConvOps.Geometry g,
                float[] col, int colOff) {
            int oh = g.out[0];
            int ow = g.out[1];
            int plane = oh * ow;
            int kk = g.kernel[0] * g.kernel[1];
            for (int ki = 0; ki < g.kernel[0]; ki++) {
                for (int kj = 0; kj < g.kernel[1]; kj++) {
                    int k = ki * g.kernel[1] + kj;
                    int offBase = ((og * kk + k) * 2) * plane;
                    int maskBase = (og * kk + k) * plane;
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            int p = oy * ow + ox;
                            double py = oy * g.strides[0] - g.padBegin[0] + ki * g.dilations[0] + offset[offBase + p];
                            double px = ox * g.strides[1] - g.padBegin[1] + kj * g.dilations[1] + offset[offBase + plane + p];
                            double v = bilinear(x, xOff, h, w, py, px);
                            col[colOff + k * plane + p] = (float) (mask == null ? v : v * mask[maskBase + p]);
                        }
                    }
                }
            }
        }

        private static double bilinear(float[] x, int off, int h, int w, double py, double px) {
            int y0 = (int) Math.floor(py);
            int x0 = (int) Math.floor(px);
            double fy = py - y0;
            double fx = px - x0;
            return at(x, off, h, w, y0, x0) * (1 - fy) * (1 - fx) + at(x, off, h, w, y0, x0 + 1) * (1 - fy) * fx
                    + at(x, off, h, w, y0 + 1, x0) * fy * (1 - fx) + at(x, off, h, w, y0 + 1, x0 + 1) * fy * fx;
        }

        private static double at(float[] x, int off, int h, int w, int yy, int xx) {
            return yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : x[off + yy * w + xx];
        }
    }
}
