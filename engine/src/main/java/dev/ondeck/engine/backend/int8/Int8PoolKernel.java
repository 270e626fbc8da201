package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.PoolOps;
import java.util.Arrays;

/**
 * MaxPool, AveragePool and their global forms between a DequantizeLinear and a QuantizeLinear, on the
 * activation's signed bytes: the window's largest byte (order is kept by the uint8 shift) or its integer sum
 * less the zero points, then scaled by {@code x_scale} (divided by the window count for averages) and
 * requantised to the output's grid. A null {@code pool} means global pooling over each plane.
 */
final class Int8PoolKernel implements Kernel {
    private final PoolOps.Pool pool;
    private final boolean max;
    private final QdqPattern.Activation x;
    private final Requantisation out;
    private final Int8Kernels kernels = Int8Kernels.loaded();
    private final int[] in3 = new int[3];
    private int[] lastX;
    private ConvOps.Geometry geo;
    private byte[] xq = new byte[0];

    Int8PoolKernel(PoolOps.Pool pool, boolean max, QdqPattern.Activation x, QdqPattern.Activation y) {
        this.pool = pool;
        this.max = max;
        this.x = x;
        this.out = Requantisation.of(new int[1], new float[1], new float[1], 1f, y);
    }

    @Override
    public void execute(Tensor[] in, Tensor[] outs, ExecContext ctx) {
        int[] xs = in[0].shapeView();
        int size = in[0].size();
        if (!Arrays.equals(xs, lastX)) {
            lastX = xs.clone();
            xq = new byte[size];
            if (pool != null) {
                geo = pool.geometry3d(xs, in3);
            }
        }
        kernels.quantise(in[0].floats(), 0, size, x.scale, x.signedZeroPoint(), xq, 0);
        float[] y = outs[0].floats();
        int planes = xs[0] * xs[1];
        int inSize = size / Math.max(1, planes);
        int outSize = outs[0].size() / Math.max(1, planes);
        for (int plane = 0; plane < planes; plane++) {
            if (pool == null) {
                y[plane] = out.toGrid(global(plane * inSize, inSize));
            } else {
                windows(plane * inSize, y, plane * outSize);
            }
        }
    }

    private float global(int off, int n) {
        int zp = x.signedZeroPoint();
        int acc = max ? Byte.MIN_VALUE : 0;
        for (int i = off; i < off + n; i++) {
            acc = max ? Math.max(acc, xq[i]) : acc + xq[i];
        }
        return max ? (acc - zp) * x.scale : (acc - n * zp) * x.scale / n;
    }

    private void windows(int xOff, float[] y, int yOff) {
        int[] k = geo.kernel();
        int[] st = geo.strides();
        int[] dl = geo.dilations();
        int[] pb = geo.padBegin();
        int[] o = geo.out();
        int full = k[0] * k[1] * k[2];
        int zp = x.signedZeroPoint();
        int yi = yOff;
        for (int od = 0; od < o[0]; od++) {
            for (int oh = 0; oh < o[1]; oh++) {
                for (int ow = 0; ow < o[2]; ow++) {
                    int acc = max ? Byte.MIN_VALUE : 0;
                    int count = 0;
                    for (int kd = 0; kd < k[0]; kd++) {
                        int id = od * st[0] - pb[0] + kd * dl[0];
                        for (int kh = 0; kh < k[1]; kh++) {
                            int ih = oh * st[1] - pb[1] + kh * dl[1];
                            for (int kw = 0; kw < k[2]; kw++) {
                                int iw = ow * st[2] - pb[2] + kw * dl[2];
                                if (id >= 0 && id < in3[0] && ih >= 0 && ih < in3[1] && iw >= 0 && iw < in3[2]) {
                                    int v = xq[xOff + (id * in3[1] + ih) * in3[2] + iw];
                                    acc = max ? Math.max(acc, v) : acc + v;
                                    count++;
                                }
                            }
                        }
                    }
                    float v;
                    if (max) {
                        v = (acc - zp) * x.scale;
                    } else {
                        int divisor = pool.includePad() ? full : Math.max(1, count);
                        v = (acc - count * zp) * x.scale / divisor;
                    }
                    y[yi++] = out.toGrid(v);
                }
            }
        }
    }
}
