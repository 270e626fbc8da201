package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Linear algebra: Gemm, MatMul, and the blocked float32 GEMM kernel that Conv shares. */
public final class LinearAlgebraOps {
    private LinearAlgebraOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Gemm", 1, n -> new Gemm(n.getInt("transA", 0) != 0, n.getInt("transB", 0) != 0,
                n.getFloat("alpha", 1f), n.getFloat("beta", 1f)));
        r.register("MatMul", 1, n -> new MatMul());
    }

    private static final int COL_BLOCK = 256;
    private static final int DEPTH_BLOCK = 128;
    private static final int NARROW = 64;

    /**
     * {@code c[m x n] += a[m x k] * b[k x n]}, all row-major at the given offsets. Blocked over columns and
     * depth: a panel of b is packed into zero-based rows and four rows of c accumulate in zero-based buffers,
     * so the inner i-k-j loops index every array alike (which lets the JIT vectorize them).
     */
    static void gemmAcc(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        if (m < 4) {
            gemmAccFewRows(a, aOff, b, bOff, c, cOff, m, k, n);
            return;
        }
        if (n < NARROW && m >= NARROW) {
            gemmAccNarrow(a, aOff, b, bOff, c, cOff, m, k, n);
            return;
        }
        float[][] panel = new float[Math.min(k, DEPTH_BLOCK)][Math.min(n, COL_BLOCK)];
        float[][] acc = new float[4][Math.min(n, COL_BLOCK)];
        for (int j0 = 0; j0 < n; j0 += COL_BLOCK) {
            int len = Math.min(n - j0, COL_BLOCK);
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int depth = Math.min(k - p0, DEPTH_BLOCK);
                for (int p = 0; p < depth; p++) {
                    System.arraycopy(b, bOff + (p0 + p) * n + j0, panel[p], 0, len);
                }
                for (int i = 0; i < m; i += 4) {
                    int rows = Math.min(4, m - i);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(c, cOff + (i + r) * n + j0, acc[r], 0, len);
                    }
                    if (rows == 4) {
                        panelRows4(a, aOff + i * k + p0, k, panel, depth, acc, len);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            for (int p = 0; p < depth; p++) {
                                axpy(a[aOff + (i + r) * k + p0 + p], panel[p], acc[r], len);
                            }
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(acc[r], 0, c, cOff + (i + r) * n + j0, len);
                    }
                }
            }
        }
    }

    /** Plain i-k-j loops, for fewer than four rows (packing would not pay). */
    private static void gemmAccFewRows(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * k + p];
                int bp = bOff + p * n;
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = FusedMultiplyAdd.fma(av, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    /** Few columns: computes the transposed product, whose rows are long, and adds it back transposed. */
    private static void gemmAccNarrow(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        float[] ct = new float[n * m];
        gemmAcc(transpose(b, bOff, k, n), 0, transpose(a, aOff, m, k), 0, ct, 0, n, k, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * n + j] += ct[j * m + i];
            }
        }
    }

    private static void panelRows4(float[] a, int ai, int k, float[][] panel, int depth, float[][] acc, int len) {
        float[] r0 = acc[0];
        float[] r1 = acc[1];
        float[] r2 = acc[2];
        float[] r3 = acc[3];
        for (int p = 0; p < depth; p++) {
            axpy4(panel[p], r0, r1, r2, r3, a[ai + p], a[ai + k + p], a[ai + 2 * k + p], a[ai + 3 * k + p], len);
        }
    }

    private static void axpy4(float[] row, float[] r0, float[] r1, float[] r2, float[] r3, float a0, float a1, float a2,
            float a3, int len) {
        for (int j = 0; j < len; j++) {
            float bv = row[j];
            r0[j] = FusedMultiplyAdd.fma(a0, bv, r0[j]);
            r1[j] = FusedMultiplyAdd.fma(a1, bv, r1[j]);
            r2[j] = FusedMultiplyAdd.fma(a2, bv, r2[j]);
            r3[j] = FusedMultiplyAdd.fma(a3, bv, r3[j]);
        }
    }

    private static void axpy(float a0, float[] row, float[] r0, int len) {
        for (int j = 0; j < len; j++) {
            r0[j] = FusedMultiplyAdd.fma(a0, row[j], r0[j]);
        }
    }

    /** {@code c[m x n] = a[m x k] * transpose(b[n x k])} as dot products of rows, for few rows of a. */
    static void rowDots(float[] a, float[] b, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                int ai = i * k;
                int bj = j * k;
                int p = 0;
                for (; p + 4 <= k; p += 4) {
                    s0 += a[ai + p] * b[bj + p];
                    s1 += a[ai + p + 1] * b[bj + p + 1];
                    s2 += a[ai + p + 2] * b[bj + p + 2];
                    s3 += a[ai + p + 3] * b[bj + p + 3];
                }
                for (; p < k; p++) {
                    s0 += a[ai + p] * b[bj + p];
                }
                c[i * n + j] = (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** A row-major [rows x cols] block transposed into a new [cols x rows] array. */
    static float[] transpose(float[] src, int off, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i0 = 0; i0 < rows; i0 += 32) {
            int i1 = Math.min(rows, i0 + 32);
            for (int j0 = 0; j0 < cols; j0 += 32) {
                int j1 = Math.min(cols, j0 + 32);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * rows + i] = src[off + i * cols + j];
                    }
                }
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
        public long flops(TensorType[] in, TensorType[] out) {
            int[] a = in[0].shape();
            return out[0] == null ? 0 : (2L * (transA ? a[0] : a[1]) + 2) * out[0].elementCount();
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
                float[] yv = y.floats();
                if (transB && m < 4) {
                    rowDots(av, b.floats(), yv, m, k, n);
                } else {
                    Arrays.fill(yv, 0f);
                    gemmAcc(av, 0, transB ? transpose(b.floats(), 0, n, k) : b.floats(), 0, yv, 0, m, k, n);
                }
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

    /** Multiply-adds of a matrix product (2 flops each): every output element takes A's last dim of them. */
    static long matMulFlops(TensorType a, TensorType y) {
        if (y == null || !y.isStatic()) {
            return 0;
        }
        int[] s = a.shape();
        return 2L * y.elementCount() * s[s.length - 1];
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
        public long flops(TensorType[] in, TensorType[] out) {
            return matMulFlops(in[0], out[0]);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            MatMulShape s = MatMulShape.of(in[0].shapeView(), in[1].shapeView());
            Tensor y = out[0];
            int m = s.m;
            int k = s.k;
            int n = s.n;
            if (y.dtype() == DType.FLOAT && in[1].rank() <= 2 && s.aMap == null) {
                Arrays.fill(y.floats(), 0f);
                gemmAcc(in[0].floats(), 0, in[1].floats(), 0, y.floats(), 0, s.batches * m, k, n);
                return;
            }
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
}
