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
        private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});
        private final PoolOps.Pool op;
        private final FloatLoops loops;
        private final IntraOpPool pool;
        private final int[] in3 = new int[3];
        private int[] lastX;
        private ConvOps.Geometry geo;

        Windowed(PoolOps.Pool op, FloatLoops loops, IntraOpPool pool) {
            this.op = op;
            this.loops = loops;
            this.pool = pool;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] xs = in[0].shapeView();
            if (!Arrays.equals(xs, lastX)) {
                geo = op.geometry3d(xs, in3);
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
            if (o[0] == 1 && geo.kernel()[0] == 1 && in3[0] == 1 && op.mode() == PoolOps.Mode.MAX && windowsInside()) {
                maxPlaneFlat(x, plane * in3[1] * in3[2], y, plane * o[1] * o[2]);
                return;
            }
            if (o[0] == 1 && geo.kernel()[0] == 1 && in3[0] == 1 && op.mode() == PoolOps.Mode.MAX) {
                maxPlane2d(x, plane * in3[1] * in3[2], y, plane * o[1] * o[2]);
                return;
            }
            int inSize = in3[0] * in3[1] * in3[2];
            int o1 = plane * o[0] * o[1] * o[2];
            for (int od = 0; od < o[0]; od++) {
                for (int oh = 0; oh < o[1]; oh++) {
                    for (int ow = 0; ow < o[2]; ow++) {
                        y[o1++] = window(x, plane * inSize, od, oh, ow);
                    }
                }
            }
        }

        /** Whether every 2-D window lies inside the input (no padding or ceil-mode overhang), dilations 1. */
        private boolean windowsInside() {
            for (int i = 1; i < 3; i++) {
                int reach = (geo.out()[i] - 1) * geo.strides()[i] + geo.kernel()[i];
                if (geo.dilations()[i] != 1 || geo.padBegin()[i] != 0 || reach > in3[i]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * 2-D max pooling of one plane whose windows all lie inside it, as long loops over the flattened plane
         * (no row tails): the max of the kw column shifts of the whole plane, then of kh row shifts of that, at every
         * row; the output takes every stride-th row and column of the result. Columns of a row's last kw - 1 mix in
         * the next row, and are never taken.
         */
        private void maxPlaneFlat(float[] x, int xBase, float[] y, int yBase) {
            int kh = geo.kernel()[1];
            int kw = geo.kernel()[2];
            int sh = geo.strides()[1];
            int sw = geo.strides()[2];
            int oh = geo.out()[1];
            int ow = geo.out()[2];
            int w = in3[2];
            int size = in3[1] * w;
            float[][] rows = ROWS.get();
            if (rows[0].length < size) {
                rows[0] = new float[size];
                rows[1] = new float[size];
            }
            float[] across = rows[0]; // (H, W): max over the window's columns
            float[] down = rows[1]; // (H, W): max over the window's rows too
            int n1 = size - (kw - 1);
            System.arraycopy(x, xBase, across, 0, n1);
            for (int b = 1; b < kw; b++) {
                loops.binary(FloatLoops.Binary.MAX, across, 0, x, xBase + b, across, 0, n1);
            }
            int n2 = ((oh - 1) * sh + 1) * w;
            System.arraycopy(across, 0, down, 0, n2);
            for (int a = 1; a < kh; a++) {
                loops.binary(FloatLoops.Binary.MAX, down, 0, across, a * w, down, 0, n2);
            }
            for (int i = 0; i < oh; i++) {
                loops.strided(down, i * sh * w, sw, y, yBase + i * ow, ow);
            }
        }

        /**
         * 2-D max pooling of one plane, in vector loops: per output row, the elementwise max of the window's
         * input rows that lie inside the input, padded with -inf ({@code padded}); then the max of the window's
         * column shifts of that row ({@code span}); the output row takes every stride-th element of the span.
         */
        private void maxPlane2d(float[] x, int xBase, float[] y, int yBase) {
            int kh = geo.kernel()[1];
            int kw = geo.kernel()[2];
            int sh = geo.strides()[1];
            int sw = geo.strides()[2];
            int dh = geo.dilations()[1];
            int dw = geo.dilations()[2];
            int ph = geo.padBegin()[1];
            int pw = geo.padBegin()[2];
            int oh = geo.out()[1];
            int ow = geo.out()[2];
            int h = in3[1];
            int w = in3[2];
            int spanLen = (ow - 1) * sw + 1;
            int paddedLen = Math.max(pw + w, spanLen + (kw - 1) * dw);
            float[][] rows = ROWS.get();
            if (rows[0].length < paddedLen) {
                rows[0] = new float[paddedLen];
                rows[1] = new float[paddedLen];
            }
            float[] padded = rows[0];
            float[] span = rows[1];
            Arrays.fill(padded, 0, paddedLen, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < oh; i++) {
                int count = 0;
                for (int a = 0; a < kh; a++) {
                    int ih = i * sh + a * dh - ph;
                    if (ih >= 0 && ih < h) {
                        if (count++ == 0) {
                            System.arraycopy(x, xBase + ih * w, padded, pw, w);
                        } else {
                            loops.binary(FloatLoops.Binary.MAX, padded, pw, x, xBase + ih * w, padded, pw, w);
                        }
                    }
                }
                int yRow = yBase + i * ow;
                if (count == 0) {
                    Arrays.fill(y, yRow, yRow + ow, Float.NEGATIVE_INFINITY);
                    continue;
                }
                System.arraycopy(padded, 0, span, 0, spanLen);
                for (int b = 1; b < kw; b++) {
                    loops.binary(FloatLoops.Binary.MAX, span, 0, padded, b * dw, span, 0, spanLen);
                }
                loops.strided(span, 0, sw, y, yRow, ow);
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

    /** Average or max over all spatial positions of each plane. */
    static final class Global implements Kernel {
        private final boolean max;
        private final FloatLoops loops;

        Global(boolean max, FloatLoops loops) {
            this.max = max;
            this.loops = loops;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            float[] x = in[0].floats();
            float[] y = out[0].floats();
            int planes = in[0].dim(0) * in[0].dim(1);
            int size = in[0].size() / Math.max(1, planes);
            for (int p = 0; p < planes; p++) {
                if (size == 0) {
                    y[p] = max ? Float.NEGATIVE_INFINITY : Float.NaN;
                    continue;
                }
                float r = loops.reduce(max, x, p * size, size);
                y[p] = max ? r : r / size;
            }
        }
    }
}
