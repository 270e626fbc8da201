package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ExecContext;
import java.util.Arrays;

/** Convolution (grouped and depthwise included) of int8 activations and per-channel int8 weights, int32 accumulation. */
final class Int8ConvKernel implements Kernel {
    private final ConvOps.Conv conv;
    private final Int8Linear lin;
    private int[] lastX;
    private ConvOps.Geometry geo;
    private final int[] in3 = new int[3];
    private int[] xq = new int[0];

    Int8ConvKernel(ConvOps.Conv conv, Int8Linear lin) {
        this.conv = conv;
        this.lin = lin;
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        int[] xs = in[0].shapeView();
        int[] ws = lin.w.shape;
        if (!Arrays.equals(xs, lastX)) {
            geo = conv.geometry3d(xs, ws, in3);
            lastX = xs.clone();
            xq = new int[in[0].size()];
        }
        lin.centre(in[0].floats(), xq);
        float[] y = out[0].floats();
        int[] wq = lin.w.q;
        int batch = xs[0];
        int c = xs[1];
        int m = ws[0];
        int group = conv.group();
        int cg = c / group;
        int mg = m / group;
        int[] k = geo.kernel();
        int[] st = geo.strides();
        int[] dl = geo.dilations();
        int[] pb = geo.padBegin();
        int[] o = geo.out();
        int inSize = in3[0] * in3[1] * in3[2];
        int outSize = o[0] * o[1] * o[2];
        int kSize = k[0] * k[1] * k[2];
        int yi = 0;
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < m; oc++) {
                int g = oc / mg;
                float b = lin.bias == null ? 0f : lin.bias[oc];
                for (int od = 0; od < o[0]; od++) {
                    for (int oh = 0; oh < o[1]; oh++) {
                        for (int ow = 0; ow < o[2]; ow++) {
                            int acc = 0;
                            for (int ci = 0; ci < cg; ci++) {
                                int xBase = (n * c + g * cg + ci) * inSize;
                                int wBase = (oc * cg + ci) * kSize;
                                for (int kd = 0; kd < k[0]; kd++) {
                                    int id = od * st[0] - pb[0] + kd * dl[0];
                                    if (id < 0 || id >= in3[0]) {
                                        continue;
                                    }
                                    for (int kh = 0; kh < k[1]; kh++) {
                                        int ih = oh * st[1] - pb[1] + kh * dl[1];
                                        if (ih < 0 || ih >= in3[1]) {
                                            continue;
                                        }
                                        int xRow = xBase + (id * in3[1] + ih) * in3[2];
                                        int wRow = wBase + (kd * k[1] + kh) * k[2];
                                        for (int kw = 0; kw < k[2]; kw++) {
                                            int iw = ow * st[2] - pb[2] + kw * dl[2];
                                            if (iw >= 0 && iw < in3[2]) {
                                                acc += xq[xRow + iw] * wq[wRow + kw];
                                            }
                                        }
                                    }
                                }
                            }
                            y[yi++] = lin.finish(acc, oc, 1f, b);
                        }
                    }
                }
            }
        }
        assert yi == batch * m * outSize;
    }
}
