package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.Op;
import java.util.Arrays;

/**
 * MatMul of [..., M, K] by a 2-D [K, N] (one product of all rows) or by [..., K, N] with the same batch dims (one
 * product per batch); other shapes run the reference code. When both shapes are static at prepare time it absorbs
 * what follows into the product's {@link Epilogue}: an Add of a constant bias along the last axis (either operand
 * order, the linear layers of a transformer), then a clamp (Relu, Clip) or HardSwish.
 */
final class MatMulKernel implements FusingKernel {
    /** Run-time products with at least this many columns go along rows ({@link #runTimeProduct}). */
    static final int ROW_PATH_COLUMNS = 64;
    private final Op op;
    private final Sgemm gemm;
    private final IntraOpPool pool;
    /** Shapes known at prepare time to take the product path: the only case that absorbs. */
    private final boolean knownFast;
    /** Columns of the product (N), when known. */
    private final int columns;
    private final Epilogue epilogue;
    /** A constant 2-D B packed once for {@link #product} (null otherwise), and the product's rows. */
    private final float[] packedB;
    private final Sgemm product;
    private final int rows;

    private MatMulKernel(Op op, Sgemm gemm, IntraOpPool pool, boolean knownFast, int columns, Epilogue epilogue,
            float[] packedB, Sgemm product, int rows) {
        this.op = op;
        this.gemm = gemm;
        this.pool = pool;
        this.knownFast = knownFast;
        this.columns = columns;
        this.epilogue = epilogue;
        this.packedB = packedB;
        this.product = product;
        this.rows = rows;
    }

    /**
     * The kernel for these input types, or null when the known shapes already say it would run the reference. A
     * constant 2-D B of a product whose shapes are static is packed here, once, in the GEMM's own layout.
     */
    static Kernel of(Op op, TensorType[] in, Tensor[] constants, Sgemm gemm, IntraOpPool pool) {
        boolean known = in[0] != null && in[1] != null && in[0].isStatic() && in[1].isStatic();
        if (known && !fast(in[0].shape(), in[1].shape())) {
            return null;
        }
        int n = known ? in[1].shape()[in[1].rank() - 1] : -1;
        Tensor b = constants.length > 1 ? constants[1] : null;
        if (!known || b == null || b.rank() != 2 || b.dtype() != DType.FLOAT || in[0].dtype() != DType.FLOAT) {
            return new MatMulKernel(op, gemm, pool, known, n, Epilogue.NONE, null, null, 0);
        }
        int k = b.dim(0);
        int m = (int) (in[0].elementCount() / k);
        Sgemm product = gemm.forProduct(m, n, k);
        float[] packed = new float[(int) product.packedBSize(k, n)];
        product.packB(k, n, b.floats(), 0, n, null, 0, 0, k, packed);
        return new MatMulKernel(op, gemm, pool, true, n, Epilogue.NONE, packed, product, m);
    }

    private MatMulKernel with(Epilogue e) {
        return new MatMulKernel(op, gemm, pool, true, columns, e, packedB, product, rows);
    }

    @Override
    public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
        return absorb(next, 0, types, constants);
    }

    @Override
    public Kernel absorb(Node next, int input, TensorType[] types, Tensor[] constants) {
        if (!knownFast) {
            return null;
        }
        float[] bias = epilogue.colBias() == null && !epilogue.transforms() ? biasOf(next, input, constants) : null;
        if (bias != null) {
            return with(epilogue.withBias(null, bias));
        }
        Epilogue e = input == 0 ? EpilogueFusion.absorb(epilogue, next, constants) : null;
        return e == null ? null : with(e);
    }

    /** The bias of an {@code Add(product, bias)} (either order) with a constant float bias of N elements along the last axis. */
    private float[] biasOf(Node next, int input, Tensor[] constants) {
        if (!(next.op() instanceof ElementwiseOps.Arithmetic) || constants.length != 2) {
            return null;
        }
        ElementwiseOps.Arithmetic add = (ElementwiseOps.Arithmetic) next.op();
        Tensor b = constants[1 - input];
        if (add.kind() != ElementwiseOps.Arith.ADD || add.legacy() || b == null || b.dtype() != DType.FLOAT
                || b.rank() < 1 || b.size() != columns || b.dim(b.rank() - 1) != columns) {
            return null;
        }
        return b.floats().clone();
    }

    @Override
    public void execute(Tensor[] ins, Tensor[] out, ExecContext ctx) {
        int[] a = ins[0].shapeView();
        int[] b = ins[1].shapeView();
        if (ins[0].dtype() != DType.FLOAT || !fast(a, b)) {
            op.execute(ins, out, ctx);
            return;
        }
        int m = a[a.length - 2];
        int k = a[a.length - 1];
        int n = b[b.length - 1];
        float[] y = out[0].floats();
        if (packedB != null && ins[0].size() == rows * k) {
            rowTiles(product, pool, rows, n, k, ins[0].floats(), packedB, y, epilogue);
            return;
        }
        if (b.length == 2) {
            int rows = ins[0].size() / k;
            Sgemm.parallel(runTimeProduct(gemm, rows, n, k), pool, rows, n, k, ins[0].floats(), 0, k, ins[1].floats(), 0, n, y, 0,
                    n, epilogue);
            return;
        }
        int batches = ins[0].size() / (m * k);
        Sgemm g = runTimeProduct(gemm, m, n, k);
        for (int bi = 0; bi < batches; bi++) {
            Sgemm.parallel(g, pool, m, n, k, ins[0].floats(), bi * m * k, k, ins[1].floats(), bi * k * n, n, y, bi * m * n, n,
                    epilogue);
        }
    }

    /**
     * C [m x n] = A [m x k] (row-major, dense) times a B packed whole by {@code product.packB}, then {@code e}: row
     * tiles over the pool's threads, each reading all of the packed B.
     */
    static void rowTiles(Sgemm product, IntraOpPool pool, int m, int n, int k, float[] a, float[] packedB, float[] c, Epilogue e) {
        int align = product.rowAlignment();
        int tasks = Math.max(1, Math.min(pool.tasks((long) m * n * k, SgemmSplit.MIN_TASK_WORK), m / align));
        if (tasks == 1) {
            product.multiplyPackedB(null, m, n, k, a, 0, k, packedB, 0, n, c, 0, n, e, 0);
            return;
        }
        pool.run(tasks, i -> {
            int i0 = IntraOpPool.bound(i, tasks, m, align);
            int i1 = IntraOpPool.bound(i + 1, tasks, m, align);
            product.multiplyPackedB(null, i1 - i0, n, k, a, i0 * k, k, packedB, 0, n, c, i0 * n, n, e, i0);
        });
    }

    /**
     * The GEMM for an {@code m x n x k} product whose A is a run-time tensor. {@link PortableSgemm}'s narrow path
     * (more rows than columns, few columns) transposes A on every call, which pays for weights packed once but
     * not for a MatMul's A, new every run: from {@link #ROW_PATH_COLUMNS} columns up such a product takes the path
     * of one with no more rows than columns, along rows of C (the per-head attention product 128 x 64 x 128, four
     * heads: 0.62 -> 0.27-0.36 ms in the transformer encoder's profile). Other GEMMs are returned as they are.
     */
    static Sgemm runTimeProduct(Sgemm gemm, int m, int n, int k) {
        return gemm instanceof PortableSgemm && m > n && n >= ROW_PATH_COLUMNS ? gemm.forProduct(n, n, k) : gemm;
    }

    private static boolean fast(int[] a, int[] b) {
        if (a.length < 2 || b.length < 2) {
            return false;
        }
        return b.length == 2 || a.length == b.length
                && Arrays.equals(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
    }
}
