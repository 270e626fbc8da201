package dev.ondeck.backend.cpu;

/**
 * The rows the row-wise depthwise kernels ({@link RowDepthwise3x3S1}, {@link RowDepthwise3x3S2}) read beyond a plane:
 * a shared row of zeros for the rows above and below it, and per thread a copy of a plane's last row for when that
 * row ends the input array (the last vector would read past it).
 */
final class DepthwiseEdgeRows {
    private static final int L = VectorSgemm.S.length();
    /** Zeros, read from index L; never written once published. */
    private static volatile float[] zeros = new float[0];
    private static final ThreadLocal<float[][]> LAST_ROW = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private DepthwiseEdgeRows() {
    }

    /** A row of at least {@code wd + 3 L} zeros, shared by all threads. */
    static float[] zeros(int wd) {
        float[] z = zeros;
        if (z.length < wd + 3 * L) {
            z = new float[wd + 3 * L];
            zeros = z;
        }
        return z;
    }

    /** This thread's buffer of at least {@code wd + 2 L} floats for a copy of a plane's last row. */
    static float[] lastRow(int wd) {
        float[][] holder = LAST_ROW.get();
        if (holder[0].length < wd + 2 * L) {
            holder[0] = new float[wd + 2 * L];
        }
        return holder[0];
    }
}
