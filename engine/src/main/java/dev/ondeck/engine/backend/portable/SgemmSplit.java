package dev.ondeck.engine.backend.portable;

/**
 * How a product C [m x n] = A [m x k] * B [k x n] is shared between the threads of an {@link IntraOpPool}.
 * No split packs anything twice and no two tasks write the same cache line of C except where their tiles meet:
 * <ul>
 * <li><b>Wide</b> (at least {@link #MIN_TILE_COLS} columns per task, two tasks per thread): column tiles of whole
 * micro-kernel panels, each packing its own part of B (for a convolution, its own columns of the patch matrix)
 * while it stays in the thread's cache; every tile reads all of A, which is why tiles are not narrower.
 * <li><b>Narrow</b> (the deep layers of a CNN, attention products): B is packed once, shared, by all threads
 * over disjoint row ranges (one region), then row tiles of C read it (a second region); each tile reads only its
 * rows of A. Rows split this way would otherwise each pack the whole of B, and narrow column tiles would each
 * stream the whole of A.
 * <li>Otherwise (few rows and few columns): panel-wide column tiles, if there are two panels.
 * </ul>
 * Every split sums each element over k in the same order as the whole product, so the result does not depend
 * on the thread count. The shared packed B lives in a buffer per calling thread, grown on first use.
 */
final class SgemmSplit {
    /** Products under this many multiply-adds run on the caller alone (a few microseconds of work). */
    static final long MIN_WORK = 1 << 18;
    /** The least work of one task. */
    static final long MIN_TASK_WORK = 1 << 17;
    /** The narrowest column tile of a wide split. */
    static final int MIN_TILE_COLS = 128;
    /** The largest shared packed B, in floats. */
    static final long MAX_SHARED_B = 1 << 22;
    private static final ThreadLocal<float[][]> SHARED_B = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private SgemmSplit() {
    }

    /** The ways a product is split. */
    enum Kind {
        /** One call on the caller. */
        SERIAL,
        /** Column tiles, each packing its own part of B. */
        COLUMNS,
        /** B packed once by all threads, then row tiles. */
        SHARED_B
    }

    /** How {@link #run} splits an m x n x k product of {@code g} over {@code threads} threads. */
    static Kind kind(Sgemm g, int threads, int m, int n, int k) {
        long work = (long) m * n * k;
        if (threads == 1 || work < MIN_WORK) {
            return Kind.SERIAL;
        }
        int align = g.colAlignment();
        int panels = (n + align - 1) / align;
        if (panels >= 2 * threads * minPanels(g)) {
            return Kind.COLUMNS;
        }
        if (m >= 2 * threads * g.rowAlignment() && k > 0 && g.packedBSize(k, n) <= MAX_SHARED_B) {
            return Kind.SHARED_B;
        }
        return panels >= 2 ? Kind.COLUMNS : Kind.SERIAL;
    }

    private static int minPanels(Sgemm g) {
        return (MIN_TILE_COLS + g.colAlignment() - 1) / g.colAlignment();
    }

    static void run(Sgemm g, IntraOpPool pool, float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, MatrixRows rows, float[] c, int cOff, int ldc, Epilogue e) {
        g = g.forProduct(m, n, k);
        Kind kind = kind(g, pool.threads(), m, n, k);
        if (kind == Kind.SERIAL) {
            columns(g, packedA, m, n, k, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc, e, 0, n);
        } else if (kind == Kind.SHARED_B) {
            shared(g, pool, (int) g.packedBSize(k, n), packedA, m, n, k, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc, e);
        } else {
            int panels = (n + g.colAlignment() - 1) / g.colAlignment();
            int tasks = Math.min(pool.tasks((long) m * n * k, MIN_TASK_WORK), Math.max(panels / minPanels(g), 2));
            columnTiles(g, pool, Math.min(tasks, panels), packedA, m, n, k, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc, e);
        }
    }

    /** {@code tasks} column tiles of about equal numbers of whole panels. */
    private static void columnTiles(Sgemm g, IntraOpPool pool, int tasks, float[] packedA, int m, int n, int k, float[] a,
            int aOff, int lda, float[] b, int bOff, int ldb, MatrixRows rows, float[] c, int cOff, int ldc, Epilogue e) {
        int align = g.colAlignment();
        int panels = (n + align - 1) / align;
        pool.run(tasks, i -> {
            int j0 = IntraOpPool.bound(i, tasks, panels, 1) * align;
            int j1 = Math.min(n, IntraOpPool.bound(i + 1, tasks, panels, 1) * align);
            columns(g, packedA, m, n, k, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc, e, j0, j1);
        });
    }

    /** Columns j0 .. j1 of the product, all rows, as one call that packs its own part of B. */
    private static void columns(Sgemm g, float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, MatrixRows rows, float[] c, int cOff, int ldc, Epilogue e, int j0, int j1) {
        if (rows == null) {
            g.multiplyPacked(packedA, m, j1 - j0, k, a, aOff, lda, b, bOff + j0, ldb, c, cOff + j0, ldc, e, 0, j0);
        } else {
            g.multiplyRows(packedA, m, j1 - j0, k, a, aOff, lda, rows, j0, c, cOff + j0, ldc, e, 0, j0);
        }
    }

    /** B packed once by all threads, then row tiles of C over it. */
    private static void shared(Sgemm g, IntraOpPool pool, int size, float[] packedA, int m, int n, int k, float[] a,
            int aOff, int lda, float[] b, int bOff, int ldb, MatrixRows rows, float[] c, int cOff, int ldc, Epilogue e) {
        float[][] holder = SHARED_B.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        float[] packedB = holder[0];
        int packTasks = Math.min(IntraOpPool.TASKS_PER_THREAD * pool.threads(), k);
        pool.run(packTasks, i -> g.packB(k, n, b, bOff, ldb, rows, 0, IntraOpPool.bound(i, packTasks, k, 1),
                IntraOpPool.bound(i + 1, packTasks, k, 1), packedB));
        int align = g.rowAlignment();
        int tasks = Math.max(1, Math.min(pool.tasks((long) m * n * k, MIN_TASK_WORK), m / align));
        pool.run(tasks, i -> {
            int i0 = IntraOpPool.bound(i, tasks, m, align);
            int i1 = IntraOpPool.bound(i + 1, tasks, m, align);
            g.multiplyPackedB(packedA, i1 - i0, n, k, a, aOff + i0 * lda, lda, packedB, 0, n, c, cOff + i0 * ldc, ldc, e, i0);
        });
    }
}
