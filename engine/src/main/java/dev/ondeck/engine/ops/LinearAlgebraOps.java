package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Linear algebra: Gemm, MatMul, Det, and the blocked float32 GEMM kernel that Conv shares. */
public final class LinearAlgebraOps {
    private LinearAlgebraOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Gemm", 1, n -> new Gemm(n.getInt("transA", 0) != 0, n.getInt("transB", 0) != 0,
                n.getFloat("alpha", 1f), n.getFloat("beta", 1f)));
        r.register("MatMul", 1, n -> new MatMul());
        r.register("Det", 11, n -> new Det());
    }

    private static final int COL_BLOCK = 256;
    private static final int DEPTH_BLOCK = 128;

    /**
     * {@code c[m x n] += a[m x k] * b[k x n]}, all row-major at the given offsets: i-k-j order, blocked over
     * columns and depth so a panel of b stays in cache, four rows of a at a time.
     */
    static void gemmAcc(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        for (int j0 = 0; j0 < n; j0 += COL_BLOCK) {
            int j1 = Math.min(n, j0 + COL_BLOCK);
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int p1 = Math.min(k, p0 + DEPTH_BLOCK);
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    gemmRows4(a, aOff + i * k, k, b, bOff, n, c, cOff + i * n, p0, p1, j0, j1);
                }
                for (; i < m; i++) {
                    int ci = cOff + i * n;
                    int ai = aOff + i * k;
                    for (int p = p0; p < p1; p++) {
                        float av = a[ai + p];
                        int bp = bOff + p * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] += av * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    private static void gemmRows4(float[] a, int ai, int k, float[] b, int bOff, int n, float[] c, int ci, int p0, int p1,
            int j0, int j1) {
        int c1 = ci + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        for (int p = p0; p < p1; p++) {
            float a0 = a[ai + p];
            float a1 = a[ai + k + p];
            float a2 = a[ai + 2 * k + p];
            float a3 = a[ai + 3 * k + p];
            int bp = bOff + p * n;
            for (int j = j0; j < j1; j++) {
                float bv = b[bp + j];
                c[ci + j] += a0 * bv;
                c[c1 + j] += a1 * bv;
                c[c2 + j] += a2 * bv;
                c[c3 + j] += a3 * bv;
            }
        }
    }

    /** A row-major [rows x cols] block transposed into a new [cols x rows] array. */
    static float[] transpose(float[] src, int off, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = src[off + i * cols + j];
            }
        }
        return t;
    }

    /** Y = alpha * op(A) * op(B) + beta * C, op = optional transpose (transA, transB); C broadcasts to [M, N] (also opset-6 broadcast). */
    public static final class Gemm implements Op {
        final boolean transA;
        final boolean transB;
        final float alpha;
        final float beta;

        Gemm(boolean transA, boolean transB, float alpha, float beta) {
            this.transA = transA;
            this.transB = transB;
            this.alpha = alpha;
            this.beta = beta;
        }

        public boolean transA() {
            return transA;
        }

        public boolean transB() {
            return transB;
        }

        public float alpha() {
            return alpha;
        }

        public float beta() {
            return beta;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] a = in[0].shape();
            int[] b = in[1].shape();
            if (a.length != 2 || b.length != 2 || in[0].dtype() != in[1].dtype()) {
                throw new ShapeException("Gemm needs two 2-D inputs of one type, found " + in[0].dtype() + Arrays.toString(a)
                        + " and " + in[1].dtype() + Arrays.toString(b));
            }
            int m = transA ? a[1] : a[0];
            int k = transA ? a[0] : a[1];
            int kb = transB ? b[1] : b[0];
            int n = transB ? b[0] : b[1];
            if (k != kb) {
                throw new ShapeException("Gemm inner dims differ: A gives " + k + ", B gives " + kb);
            }
            if (in.length > 2 && in[2] != null) {
                int[] c = in[2].shape();
                if (!Arrays.equals(Broadcast.shape(c, new int[] {m, n}), new int[] {m, n})) {
                    throw new ShapeException("Gemm C " + Arrays.toString(c) + " does not broadcast to [" + m + ", " + n + "]");
                }
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), m, n)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor a = in[0];
            Tensor b = in[1];
            Tensor c = in.length > 2 ? in[2] : null;
            Tensor y = out[0];
            int m = y.dim(0);
            int n = y.dim(1);
            int k = transA ? a.dim(0) : a.dim(1);
            int[] cm = c == null ? null : Broadcast.indexMap(c.shapeView(), y.shapeView());
            if (y.dtype() == DType.FLOAT) {
                float[] av = transA ? transpose(a.floats(), 0, k, m) : a.floats();
                float[] bv = transB ? transpose(b.floats(), 0, n, k) : b.floats();
                float[] yv = y.floats();
                Arrays.fill(yv, 0f);
                gemmAcc(av, 0, bv, 0, yv, 0, m, k, n);
                float[] cv = c == null ? null : c.floats();
                for (int i = 0; i < yv.length; i++) {
                    yv[i] = alpha * yv[i] + (cv == null ? 0f : beta * cv[cm == null ? i : cm[i]]);
                }
                return;
            }
            int as0 = transA ? 1 : k;
            int as1 = transA ? m : 1;
            int bs0 = transB ? 1 : n;
            int bs1 = transB ? k : 1;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a.getDouble(i * as0 + p * as1) * b.getDouble(p * bs0 + j * bs1);
                    }
                    int o = i * n + j;
                    y.setDouble(o, alpha * s + (c == null ? 0 : beta * c.getDouble(cm == null ? o : cm[o])));
                }
            }
        }
    }

    /** Numpy matmul: batched N-D with broadcasting batch dims; 1-D operands are promoted and the added dim removed. */
    public static final class MatMul implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].dtype() != in[1].dtype()) {
                throw new ShapeException("MatMul needs inputs of one type, found " + in[0].dtype() + " and " + in[1].dtype());
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), MatMulShape.of(in[0].shape(), in[1].shape()).out)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            MatMulShape s = MatMulShape.of(in[0].shapeView(), in[1].shapeView());
            Tensor y = out[0];
            int m = s.m;
            int k = s.k;
            int n = s.n;
            for (int bi = 0; bi < s.batches; bi++) {
                int aOff = s.aBatch(bi) * m * k;
                int bOff = s.bBatch(bi) * k * n;
                int yOff = bi * m * n;
                if (y.dtype() == DType.FLOAT) {
                    Arrays.fill(y.floats(), yOff, yOff + m * n, 0f);
                    gemmAcc(in[0].floats(), aOff, in[1].floats(), bOff, y.floats(), yOff, m, k, n);
                } else {
                    matmulGeneric(in[0], aOff, in[1], bOff, y, yOff, m, k, n);
                }
            }
        }
    }

    /** C = A * B for one batch of any numeric type: doubles for floating types, wrapping longs for integers. */
    static void matmulGeneric(Tensor a, int aOff, Tensor b, int bOff, Tensor c, int cOff, int m, int k, int n) {
        boolean fp = c.dtype().isFloating();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sd = 0;
                long sl = 0;
                for (int p = 0; p < k; p++) {
                    if (fp) {
                        sd += a.getDouble(aOff + i * k + p) * b.getDouble(bOff + p * n + j);
                    } else {
                        sl += a.getLong(aOff + i * k + p) * b.getLong(bOff + p * n + j);
                    }
                }
                if (fp) {
                    c.setDouble(cOff + i * n + j, sd);
                } else {
                    c.setLong(cOff + i * n + j, sl);
                }
            }
        }
    }

    /** The shapes of a numpy matmul: [..., M, K] x [..., K, N] with broadcast batch dims. */
    static final class MatMulShape {
        int m;
        int k;
        int n;
        int batches;
        int[] out;
        int[] aMap;
        int[] bMap;

        static MatMulShape of(int[] a, int[] b) {
            if (a.length == 0 || b.length == 0) {
                throw new ShapeException("MatMul needs inputs of rank >= 1, found " + Arrays.toString(a) + " and " + Arrays.toString(b));
            }
            int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
            int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
            MatMulShape s = new MatMulShape();
            s.m = a2[a2.length - 2];
            s.k = a2[a2.length - 1];
            s.n = b2[b2.length - 1];
            if (b2[b2.length - 2] != s.k) {
                throw new ShapeException("MatMul inner dims differ: " + Arrays.toString(a) + " x " + Arrays.toString(b));
            }
            int[] ba = Arrays.copyOf(a2, a2.length - 2);
            int[] bb = Arrays.copyOf(b2, b2.length - 2);
            int[] batch = Broadcast.shape(ba, bb);
            s.batches = ConvOps.product(batch);
            s.aMap = Broadcast.indexMap(ba, batch);
            s.bMap = Broadcast.indexMap(bb, batch);
            int[] out = Arrays.copyOf(batch, batch.length + 2);
            int len = batch.length;
            if (a.length > 1) {
                out[len++] = s.m;
            }
            if (b.length > 1) {
                out[len++] = s.n;
            }
            s.out = Arrays.copyOf(out, len);
            return s;
        }

        int aBatch(int i) {
            return aMap == null ? i : aMap[i];
        }

        int bBatch(int i) {
            return bMap == null ? i : bMap[i];
        }
    }

    /** Determinant of each trailing [M, M] matrix, by LU decomposition with partial pivoting in double. */
    static final class Det implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            if (s.length < 2 || s[s.length - 1] != s[s.length - 2] || !in[0].dtype().isFloating()) {
                throw new ShapeException("Det needs a float tensor [..., M, M], found " + in[0].dtype() + Arrays.toString(s));
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), Arrays.copyOf(s, s.length - 2))};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int m = in[0].dim(-1);
            double[] a = new double[m * m];
            for (int b = 0; b < out[0].size(); b++) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = in[0].getDouble(b * m * m + i);
                }
                out[0].setDouble(b, det(a, m));
            }
        }

        private static double det(double[] a, int m) {
            double d = 1;
            for (int col = 0; col < m; col++) {
                int piv = col;
                for (int r = col + 1; r < m; r++) {
                    if (Math.abs(a[r * m + col]) > Math.abs(a[piv * m + col])) {
                        piv = r;
                    }
                }
                if (a[piv * m + col] == 0) {
                    return 0;
                }
                if (piv != col) {
                    for (int j = 0; j < m; j++) {
                        double t = a[col * m + j];
                        a[col * m + j] = a[piv * m + j];
                        a[piv * m + j] = t;
                    }
                    d = -d;
                }
                double p = a[col * m + col];
                d *= p;
                for (int r = col + 1; r < m; r++) {
                    double f = a[r * m + col] / p;
                    for (int j = col; j < m; j++) {
                        a[r * m + j] -= f * a[col * m + j];
                    }
                }
            }
            return d;
        }
    }
}
