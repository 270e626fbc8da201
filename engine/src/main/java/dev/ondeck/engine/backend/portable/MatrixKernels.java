package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.LinearAlgebraOps;

/** Float32 Gemm kernels on an {@link Sgemm} (MatMul: {@link MatMulKernel}); shapes they do not cover stay on {@code cpu-ref}. */
final class MatrixKernels {
    private MatrixKernels() {
    }

    /**
     * Gemm without transA, with C absent, of N elements (a row bias) or of M x N elements: a constant B is
     * transposed and scaled by alpha once, here; otherwise per run into a kernel-owned buffer.
     */
    static Kernel gemm(LinearAlgebraOps.Gemm op, TensorType[] in, Tensor[] constants, Sgemm g, IntraOpPool pool) {
        if (op.transA() || in[1] == null || !in[1].isStatic() || in[1].rank() != 2) {
            return null;
        }
        int[] bs = in[1].shape();
        int k = op.transB() ? bs[1] : bs[0];
        int n = op.transB() ? bs[0] : bs[1];
        TensorType ct = in.length > 2 ? in[2] : null;
        if (ct != null && (!ct.isStatic() || !(ct.elementCount() == 1 || ct.rank() <= 1 && ct.elementCount() == n
                || ct.rank() == 2 && (ct.shape()[1] == n || ct.shape()[1] == 1)))) {
            return null;
        }
        float[] packed = constants[1] == null ? null : transposedScaled(constants[1].floats(), op.transB(), k, n, op.alpha());
        GemmKernel kernel = new GemmKernel(op, g, pool, packed, k, n);
        if (packed != null && in[0] != null && in[0].isStatic() && in[0].rank() == 2) {
            kernel.prepack(in[0].shape()[0]);
        }
        return kernel;
    }

    /** B as row-major [k x n], times alpha. */
    static float[] transposedScaled(float[] b, boolean trans, int k, int n, float alpha) {
        float[] t = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                t[p * n + j] = alpha * (trans ? b[j * k + p] : b[p * n + j]);
            }
        }
        return t;
    }

    /** Y = A * B' + beta * C with B' = alpha * op(B). */
    private static final class GemmKernel implements Kernel {
        private final LinearAlgebraOps.Gemm op;
        private final Sgemm g;
        private final IntraOpPool pool;
        private final float[] constantB;
        private final int k;
        private final int n;
        private float[] runB;
        private float[] colBias;
        /** The constant B packed once for {@link #product} of {@link #rows} rows (a static A), else null. */
        private float[] packedB;
        private Sgemm product;
        private int rows;

        GemmKernel(LinearAlgebraOps.Gemm op, Sgemm g, IntraOpPool pool, float[] constantB, int k, int n) {
            this.op = op;
            this.g = g;
            this.pool = pool;
            this.constantB = constantB;
            this.k = k;
            this.n = n;
            this.runB = constantB;
        }

        /**
         * The constant B as one array per row, for a single-row A on {@link PortableSgemm} (a classifier): the
         * product runs straight from them, {@link PortableSgemm#oneRow} into the output, instead of copying all
         * of B into packed rows on every run. Null otherwise.
         */
        private float[][] rowsOfB;

        /** Packs the constant B for products of {@code m} rows, in the GEMM's own layout. */
        void prepack(int m) {
            if (m == 1 && g instanceof PortableSgemm) {
                rowsOfB = new float[k][n];
                for (int p = 0; p < k; p++) {
                    System.arraycopy(constantB, p * n, rowsOfB[p], 0, n);
                }
                return;
            }
            rows = m;
            product = g.forProduct(m, n, k);
            packedB = new float[(int) product.packedBSize(k, n)];
            product.packB(k, n, constantB, 0, n, null, 0, 0, k, packedB);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            float[] b = constantB;
            if (b == null) {
                if (runB == null || runB.length != k * n) {
                    runB = new float[k * n];
                }
                b = runB;
                fillTransposedScaled(in[1].floats(), op.transB(), k, n, op.alpha(), b);
            }
            Tensor c = in.length > 2 ? in[2] : null;
            int m = out[0].dim(0);
            float[] y = out[0].floats();
            Epilogue e = Epilogue.NONE;
            boolean full = c != null && c.size() != 1 && c.rank() == 2 && c.dim(0) != 1;
            if (c != null && !full) {
                if (colBias == null) {
                    colBias = new float[n];
                }
                float[] cv = c.floats();
                for (int j = 0; j < n; j++) {
                    colBias[j] = op.beta() * cv[c.size() == 1 ? 0 : j];
                }
                e = new Epilogue(null, colBias, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
            }
            if (rowsOfB != null && m == 1) {
                e.init(y, 0, n, 0, 0);
                PortableSgemm.oneRow(rowsOfB, k, y, in[0].floats(), 0, n);
                e.finish(y, 0, n);
            } else if (packedB != null && m == rows) {
                MatMulKernel.rowTiles(product, pool, m, n, k, in[0].floats(), packedB, y, e);
            } else {
                Sgemm.parallel(g, pool, m, n, k, in[0].floats(), 0, k, b, 0, n, y, 0, n, e);
            }
            if (full) {
                float[] cv = c.floats();
                boolean perRow = c.dim(1) == 1;
                for (int i = 0; i < m * n; i++) {
                    y[i] += op.beta() * cv[perRow ? i / n : i];
                }
            }
        }

        private static void fillTransposedScaled(float[] b, boolean trans, int k, int n, float alpha, float[] t) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    t[p * n + j] = alpha * (trans ? b[j * k + p] : b[p * n + j]);
                }
            }
        }
    }
}
