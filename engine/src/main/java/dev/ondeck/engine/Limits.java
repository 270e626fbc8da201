package dev.ondeck.engine;

/**
 * Caps that protect the JVM from absurd models. The element cap applies to every tensor the engine
 * allocates, whether declared in the file or inferred at prepare/run time. Default 2^28 elements
 * (1 GiB of float32); set with the system property {@code ondeck.maxElements} or {@link #setMaxElements}.
 */
public final class Limits {
    private static volatile long maxElements = Long.getLong("ondeck.maxElements", 1L << 28);

    private Limits() {
    }

    /** The largest element count of one tensor. */
    public static long maxElements() {
        return maxElements;
    }

    /** Changes the element cap for this JVM. */
    public static void setMaxElements(long cap) {
        if (cap <= 0) {
            throw new IllegalArgumentException("cap must be positive, got " + cap);
        }
        maxElements = cap;
    }

    /**
     * Element count of a shape, refusing negative dims and counts over the cap.
     *
     * @param what names the tensor for the error message
     */
    public static int checkedSize(String what, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new SizeLimitException(what + ": negative dimension in shape " + java.util.Arrays.toString(shape));
            }
            n *= d;
            if (n > maxElements) {
                throw new SizeLimitException(what + ": shape " + java.util.Arrays.toString(shape)
                        + " exceeds the element cap of " + maxElements + " (ondeck.maxElements)");
            }
        }
        return (int) n;
    }

    /** Like {@link #checkedSize(String, int[])} for 64-bit dims as declared in a file. */
    public static int[] checkedShape(String what, long[] dims) {
        int[] shape = new int[dims.length];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = dims[i];
            if (d < 0) {
                throw new SizeLimitException(what + ": negative dimension " + d + " in " + java.util.Arrays.toString(dims));
            }
            if (d > maxElements || (n > 0 && d > 0 && n * d > maxElements)) {
                throw new SizeLimitException(what + ": shape " + java.util.Arrays.toString(dims)
                        + " exceeds the element cap of " + maxElements + " (ondeck.maxElements)");
            }
            n *= d;
            shape[i] = (int) d;
        }
        return shape;
    }
}
