package dev.ondeck.engine.backend.portable;

/**
 * The right operand B [k x n] of a product given row segment by row segment, for a matrix that is never stored
 * whole (the patches of a convolution, {@link Im2col.Rows}): the GEMM copies each block it packs straight from
 * the source. Implementations are read-only while a product runs, so threads may share one.
 */
public interface MatrixRows {
    /** Copies B[p, j0 .. j0 + len) to {@code dst[dstOff ..]}. */
    void copy(int p, int j0, int len, float[] dst, int dstOff);
}
