package dev.ondeck.engine.profile;

import java.util.Arrays;

/**
 * Measurements of one node over the profiled runs: wall times, work from shapes, which backend ran it.
 * Times are in nanoseconds. Nodes folded at prepare time have zero times and {@link #folded()} true.
 */
public final class NodeProfile {
    private final String name;
    private final String opType;
    private final int index;
    private final String backend;
    private final boolean folded;
    private final long[] times;
    private final long flops;
    private final long inputBytes;
    private final long outputBytes;
    private final String outputShapes;
    private long[] kernelTimes;
    private long[] transferTimes;

    NodeProfile(String name, String opType, int index, String backend, boolean folded, long[] times, long flops,
                long inputBytes, long outputBytes, String outputShapes) {
        this.name = name;
        this.opType = opType;
        this.index = index;
        this.backend = backend;
        this.folded = folded;
        this.times = times.clone();
        Arrays.sort(this.times);
        this.flops = flops;
        this.inputBytes = inputBytes;
        this.outputBytes = outputBytes;
        this.outputShapes = outputShapes;
    }

    /** A node measured elsewhere (on a device, or by a native tool); {@code times} are per-run ns, any order. */
    public static NodeProfile of(String name, String opType, int index, String backend, boolean folded, long[] times, long flops,
                                 long inputBytes, long outputBytes, String outputShapes) {
        return new NodeProfile(name, opType, index, backend, folded, times, flops, inputBytes, outputBytes, outputShapes);
    }

    /** This profile with device-side kernel and transfer times per run (ns), for nodes of a device backend. */
    NodeProfile withDeviceTimes(long[] kernel, long[] transfer) {
        kernelTimes = kernel.clone();
        Arrays.sort(kernelTimes);
        transferTimes = transfer.clone();
        Arrays.sort(transferTimes);
        return this;
    }

    /** True when a device backend reported kernel and transfer times for this node. */
    public boolean deviceTimed() {
        return kernelTimes != null;
    }

    /** Median device kernel time, ns, from the device's profiling events (0 when not device-timed). */
    public long kernelMedianNanos() {
        return kernelTimes == null ? 0 : kernelTimes[(kernelTimes.length - 1) / 2];
    }

    /** Median host-device transfer time, ns (0 when not device-timed or nothing was copied). */
    public long transferMedianNanos() {
        return transferTimes == null ? 0 : transferTimes[(transferTimes.length - 1) / 2];
    }

    /**
     * Median time the node cost beyond its kernel and transfers, ns: binding and enqueueing on the host for a
     * device kernel, waiting and bookkeeping for a CPU fallback.
     */
    public long hostOverheadMedianNanos() {
        return deviceTimed() ? Math.max(0, medianNanos() - kernelMedianNanos() - transferMedianNanos()) : medianNanos();
    }

    /** The node's ONNX name ({@code <OpType>_<index>} when unnamed). */
    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    /** Position in the graph's node list. */
    public int index() {
        return index;
    }

    /** Backend that ran it; {@code folded} for nodes computed at prepare time. */
    public String backend() {
        return backend;
    }

    public boolean folded() {
        return folded;
    }

    /** Median wall time in ns. */
    public long medianNanos() {
        return percentile(50);
    }

    /** 90th percentile wall time in ns. */
    public long p90Nanos() {
        return percentile(90);
    }

    public long minNanos() {
        return times.length == 0 ? 0 : times[0];
    }

    /** Nearest-rank percentile of the sorted run times. */
    public long percentile(double p) {
        if (times.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * times.length);
        return times[Math.max(0, Math.min(times.length - 1, rank - 1))];
    }

    /** Floating-point operations of one execution, from shapes. */
    public long flops() {
        return flops;
    }

    public long inputBytes() {
        return inputBytes;
    }

    public long outputBytes() {
        return outputBytes;
    }

    /** Bytes read plus written by one execution. */
    public long bytesMoved() {
        return inputBytes + outputBytes;
    }

    /** Achieved GFLOP/s at the median time (0 when not timed). */
    public double gflopsPerSecond() {
        long t = medianNanos();
        return t == 0 ? 0 : flops / (double) t;
    }

    /** FLOPs per byte moved. */
    public double arithmeticIntensity() {
        return bytesMoved() == 0 ? 0 : flops / (double) bytesMoved();
    }

    /** Output shapes as text, e.g. {@code float32[1,32,112,112]}. */
    public String outputShapes() {
        return outputShapes;
    }

    /** The raw per-run times in ns, sorted. */
    public long[] times() {
        return times.clone();
    }
}
