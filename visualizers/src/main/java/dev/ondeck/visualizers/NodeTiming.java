package dev.ondeck.visualizers;

/**
 * One node's measured time: what the latency bars, op-type breakdown, timeline and roofline draw.
 *
 * @param lane       the timeline row it sits on (a backend or thread name)
 * @param startNanos start within the run, ns
 * @param nanos      duration, ns (a median for profiles)
 * @param flops      floating-point operations of one execution (0 when unknown)
 * @param bytes      bytes read plus written by one execution (0 when unknown)
 * @param fallback   true when it ran on a fallback backend, not the one asked for
 */
public record NodeTiming(String name, String opType, String backend, String lane, long startNanos, long nanos,
                         long flops, long bytes, boolean fallback) {
    public NodeTiming {
        if (nanos < 0 || flops < 0 || bytes < 0) {
            throw new IllegalArgumentException("node " + name + ": negative nanos, flops or bytes (" + nanos + ", "
                    + flops + ", " + bytes + ")");
        }
    }

    /** A timing with only a name, op type and duration. */
    public static NodeTiming of(String name, String opType, long nanos) {
        return new NodeTiming(name, opType, "", "", 0, nanos, 0, 0, false);
    }

    /** Achieved GFLOP/s (0 when not timed). */
    public double gflopsPerSecond() {
        return nanos == 0 ? 0 : flops / (double) nanos;
    }

    /** FLOPs per byte moved (0 when bytes are unknown). */
    public double arithmeticIntensity() {
        return bytes == 0 ? 0 : flops / (double) bytes;
    }
}
