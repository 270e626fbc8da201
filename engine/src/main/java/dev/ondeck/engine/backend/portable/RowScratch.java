package dev.ondeck.engine.backend.portable;

/**
 * One zero-based float row per thread, grown on demand, for portable loops that copy a row out of a larger array
 * so that every array in their loop is indexed alike ({@link FloatLoops#normalize}): C2's SuperWord keeps a loop
 * scalar when it stores at {@code y[yOff + i]} beside a load at {@code scale[i]} from an array that might be y.
 */
final class RowScratch {
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private RowScratch() {
    }

    /** This thread's row, at least {@code n} long (its contents are left from the last use). */
    static float[] row(int n) {
        float[][] holder = ROW.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }
}
