package dev.ondeck.engine.backend.portable;

/**
 * Per thread: the four zero-based rows of {@link PoolWindows#PORTABLE}, each a whole number of 512-bit vectors long (the
 * loops run over their tails, never copied out). The rows last asked for are kept so that a caller on one thread
 * skips the ThreadLocal lookup; only their owner touches them.
 */
final class PoolRows {
    private static final ThreadLocal<PoolRows> OF_THREAD = ThreadLocal.withInitial(() -> new PoolRows(Thread.currentThread()));
    private static PoolRows last = new PoolRows(null);
    private final Thread owner;
    private float[][] rows = new float[4][0];

    private PoolRows(Thread owner) {
        this.owner = owner;
    }

    /**
     * This thread's four rows, at least {@code lanes} floats each, allocated one after another of one
     * {@link PortableSgemm#paddedLength} (whole cache lines each, so the loops' arrays are aligned alike).
     */
    static float[][] of(int lanes) {
        PoolRows r = last;
        if (r.owner != Thread.currentThread()) {
            r = OF_THREAD.get();
            last = r;
        }
        if (r.rows[0].length < lanes) {
            int w = PortableSgemm.paddedLength(lanes);
            r.rows = new float[][] {new float[w], new float[w], new float[w], new float[w]};
        }
        return r.rows;
    }

    /** {@code len} rounded up to whole 512-bit vectors. */
    static int lanes(int len) {
        return (len + 15) & ~15;
    }
}
