package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.PoolOps;
import java.util.Arrays;

/** Float32 MaxPool / AveragePool (without the Indices output) and GlobalAveragePool / GlobalMaxPool, in parallel over planes. */
final class PoolKernels {
    private PoolKernels() {
    }

    /** Windowed max or average pooling of X [N, C, spatial...]. */
    static final class Windowed implements Kernel {
        private final PoolOps.Pool op;
        private final PoolWindows windows;
        private final IntraOpPool pool;
        private final int[] in3 = new int[3];
        private int[] lastX;
        private ConvOps.Geometry geo;
        /** The separable 2-D plane kernel for the current geometry, or null for the general window loop. */
        private Pool2dPlane plane2d;

        Windowed(PoolOps.Pool op, PoolWindows windows, IntraOpPool pool) {
            this.op = op;
            this.windows = windows;
            this.pool = pool;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] xs = in[0].shapeView();
            if (!Arrays.equals(xs, lastX)) {
                geo = op.geometry3d(xs, in3);
                plane2d = Pool2dPlane.of(op.mode() == PoolOps.Mode.MAX, op.includePad(), windows, geo, in3);
                lastX = xs.clone();
            }
            float[] x = in[0].floats();
            float[] y = out[0].floats();
            int planes = xs[0] * xs[1];
            int[] o = geo.out();
            int[] k = geo.kernel();
            long perPlane = (long) o[0] * o[1] * o[2] * k[0] * k[1] * k[2];
            pool.forRange(planes, IntraOpPool.MIN_TASK_ELEMENTS / Math.max(1, perPlane), 1, (lo, hi) -> {
                for (int p = lo; p < hi; p++) {
                    plane(x, y, p);
                }
            });
        }

        private void plane(float[] x, float[] y, int plane) {
            int[] o = geo.out();
            int outSize = o[0] * o[1] * o[2];
            if (plane2d != null) {
                plane2d.run(x, plane * in3[1] * in3[2], y, plane * outSize);
                return;
            }
            int inSize = in3[0] * in3[1] * in3[2];
            int o1 = plane * outSize;
            for (int od = 0; od < o[0]; od++) {
                for (int oh = 0; oh < o[1]; oh++) {
                    for (int ow = 0; ow < o[2]; ow++) {
                        y[o1++] = window(x, plane * inSize, od, oh, ow);
                    }
                }
            }
        }

        /** Max or average over the window's positions inside the input (only the valid index ranges are visited). */
        private float window(float[] x, int base, int od, int oh, int ow) {
            int[] k = geo.kernel();
            int[] s = geo.strides();
            int[] d = geo.dilations();
            int[] pb = geo.padBegin();
            boolean max = op.mode() == PoolOps.Mode.MAX;
            float mx = Float.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            int total = k[0] * k[1] * k[2];
            int w0 = ow * s[2] - pb[2];
            int kwLo = d[2] == 1 ? Math.max(0, -w0) : Math.max(0, Im2col.ceilDiv(-w0, d[2]));
            int kwHi = d[2] == 1 ? Math.min(k[2], in3[2] - w0) : Math.min(k[2], Im2col.ceilDiv(in3[2] - w0, d[2]));
            for (int kd = 0; kd < k[0]; kd++) {
                int id = od * s[0] + kd * d[0] - pb[0];
                if (id < 0 || id >= in3[0]) {
                    continue;
                }
                for (int kh = 0; kh < k[1]; kh++) {
                    int ih = oh * s[1] + kh * d[1] - pb[1];
                    if (ih < 0 || ih >= in3[1]) {
                        continue;
                    }
                    int row = base + (id * in3[1] + ih) * in3[2] + w0;
                    for (int kw = kwLo; kw < kwHi; kw++) {
                        float v = x[row + kw * d[2]];
                        mx = v > mx ? v : mx;
                        sum += v;
                        count++;
                    }
                }
            }
            if (max) {
                return mx;
            }
            return (float) (sum / (op.includePad() ? total : count));
        }
    }

    /** Average or max over all spatial positions of each plane, planes split across the intra-op pool. */
    static final class Global implements Kernel {
        private final boolean max;
        private final FloatLoops loops;
        private final IntraOpPool pool;

        Global(boolean max, FloatLoops loops, IntraOpPool pool) {
            this.max = max;
            this.loops = loops;
            this.pool = pool;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            float[] x = in[0].floats();
            float[] y = out[0].floats();
            int planes = in[0].dim(0) * in[0].dim(1);
            int size = in[0].size() / Math.max(1, planes);
            if (size == 0) {
                Arrays.fill(y, 0, planes, max ? Float.NEGATIVE_INFINITY : Float.NaN);
                return;
            }
            pool.forRange(planes, IntraOpPool.MIN_TASK_ELEMENTS / size, 1, (lo, hi) -> {
                for (int p = lo; p < hi; p++) {
                    float r = loops.reduce(max, x, p * size, size);
                    y[p] = max ? r : r / size;
                }
            });
        }
    }
}
