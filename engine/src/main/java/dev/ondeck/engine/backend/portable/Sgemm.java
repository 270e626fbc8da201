package dev.ondeck.engine.backend.portable;

/**
 * Single-precision matrix product on row-major strided operands; the one entry that a faster backend
 * replaces (the portable loops here, a Vector API micro-kernel in {@code cpu}). Implementations keep their
 * packing buffers per thread and may be called from several intra-op threads at once.
 */
public interface Sgemm {
    /**
     * {@code C = clamp(A * B + bias)}: A is m x k at {@code a[aOff + i*lda + p]}, B is k x n at
     * {@code b[bOff + p*ldb + j]}, C is m x n at {@code c[cOff + i*ldc + j]}. Biases are indexed from matrix
     * row {@code row0} and column {@code col0} (this call may be one tile of a larger product).
     */
    void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, Epilogue e, int row0, int col0);

    /**
     * A constant A [m x k] in this GEMM's own layout, packed once (at prepare or first run) for
     * {@link #multiplyPacked}; null when the implementation does not pack.
     */
    default float[] packA(float[] a, int aOff, int lda, int m, int k) {
        return null;
    }

    /**
     * The GEMM that runs every part of an {@code m x n x k} product split over threads: an implementation whose
     * loop order depends on the shape fixes it here from the whole product, so the parts sum like the whole.
     */
    default Sgemm forProduct(int m, int n, int k) {
        return this;
    }

    /**
     * {@link #packA} for products known to have {@code n} columns: an implementation whose packing helps only
     * some shapes returns null for the others, so no second copy of the weights is kept for nothing.
     */
    default float[] packA(float[] a, int aOff, int lda, int m, int k, int n) {
        return packA(a, aOff, lda, m, k);
    }

    /**
     * {@link #multiply} with A also given as {@code packed} by {@link #packA} (rows counted from {@code row0}
     * of the packed matrix, a multiple of {@link #rowAlignment()}); the default ignores the packing.
     */
    default void multiplyPacked(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e, int row0, int col0) {
        multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, e, row0, col0);
    }

    /**
     * {@link #multiplyPacked} with B given by {@code rows} (columns counted from {@code bCol} of the source)
     * instead of a stored array.
     */
    void multiplyRows(float[] packed, int m, int n, int k, float[] a, int aOff, int lda, MatrixRows rows, int bCol,
            float[] c, int cOff, int ldc, Epilogue e, int row0, int col0);

    /** Row tiles split between threads start at multiples of this (the micro-kernel's height). */
    default int rowAlignment() {
        return 8;
    }

    /**
     * Column tiles split between threads start at multiples of this: the micro-kernel's width, at least a
     * cache line of floats.
     */
    default int colAlignment() {
        return 16;
    }

    /** Floats that {@link #packB} needs for the whole of a k x n B. */
    default long packedBSize(int k, int n) {
        return (long) k * n;
    }

    /**
     * Packs rows {@code p0 .. p1} of B [k x n] (from {@code b}, or from {@code rows} with columns counted from
     * {@code bCol} when that is not null) into {@code dst}, in this GEMM's layout for {@link #multiplyPackedB}.
     * Threads may pack disjoint row ranges of one {@code dst} at once. The default copies B row-major.
     */
    default void packB(int k, int n, float[] b, int bOff, int ldb, MatrixRows rows, int bCol, int p0, int p1,
            float[] dst) {
        for (int p = p0; p < p1; p++) {
            if (rows == null) {
                System.arraycopy(b, bOff + p * ldb, dst, p * n, n);
            } else {
                rows.copy(p, bCol, n, dst, p * n);
            }
        }
    }

    /**
     * {@link #multiplyPacked} for columns {@code j0 .. j0 + cols} of a product whose whole B was packed by
     * {@link #packB} into {@code packedB}; {@code j0} is a multiple of {@link #colAlignment()}, A and C start at
     * matrix row {@code row0} (a multiple of {@link #rowAlignment()}), C at column 0. The sums run in the same
     * order as {@link #multiplyPacked}'s, so a split product equals the whole one bit for bit.
     */
    default void multiplyPackedB(float[] packedA, int m, int n, int k, float[] a, int aOff, int lda, float[] packedB,
            int j0, int cols, float[] c, int cOff, int ldc, Epilogue e, int row0) {
        multiplyPacked(packedA, m, cols, k, a, aOff, lda, packedB, j0, n, c, cOff + j0, ldc, e, row0, j0);
    }

    /**
     * Whether {@link #packATransposed} is implemented, so that a product with a constant, pre-packed B can take
     * its A from A's transpose given by rows ({@link TransposedConv}). False by default.
     */
    default boolean packsATransposed() {
        return false;
    }

    /**
     * Floats that {@link #packATransposed} fills for a whole m x k A; {@link #multiplyPackedB} derives the
     * packed layout from an array of exactly this length.
     */
    default long packedASize(int m, int k) {
        return (long) m * k;
    }

    /**
     * Packs rows {@code p0 .. p1} of A^T [k x m], given by {@code rowsT} (row p of A^T is column p of A), into
     * {@code dst} (of {@link #packedASize} floats) in the layout {@link #multiplyPackedB} reads as its whole
     * packed A. Threads may pack disjoint row ranges of one {@code dst} at once. Only where
     * {@link #packsATransposed}.
     */
    default void packATransposed(int m, int k, MatrixRows rowsT, int p0, int p1, float[] dst) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not pack A from its transpose");
    }

    /**
     * Splits a product over the pool's threads ({@link SgemmSplit}); a single thread, or a product too small to
     * pay for the hand-off, runs as one {@link #multiply} call.
     */
    static void parallel(Sgemm g, IntraOpPool pool, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, Epilogue e) {
        SgemmSplit.run(g, pool, null, m, n, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, e);
    }

    /** As above with A also packed by {@link #packA} (or null). */
    static void parallel(Sgemm g, IntraOpPool pool, float[] packed, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, Epilogue e) {
        SgemmSplit.run(g, pool, packed, m, n, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, e);
    }

    /** As above with B given by {@code rows} instead of an array. */
    static void parallel(Sgemm g, IntraOpPool pool, float[] packed, int m, int n, int k, float[] a, int aOff, int lda,
            MatrixRows rows, float[] c, int cOff, int ldc, Epilogue e) {
        SgemmSplit.run(g, pool, packed, m, n, k, a, aOff, lda, null, 0, 0, rows, c, cOff, ldc, e);
    }
}
