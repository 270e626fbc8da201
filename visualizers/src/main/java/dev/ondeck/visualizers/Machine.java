package dev.ondeck.visualizers;

/**
 * The roofs of a roofline: peak compute and memory bandwidth, and where they come from.
 *
 * @param peakGflops        peak GFLOP/s
 * @param bandwidthGBs      main-memory bandwidth, GB/s (10^9 bytes)
 * @param cacheBandwidthGBs bandwidth from a cache-resident working set (a second, higher slope), 0 when unknown
 * @param source            how they were obtained, e.g. "measured: ..., 1 thread" or "datasheet"
 */
public record Machine(double peakGflops, double bandwidthGBs, double cacheBandwidthGBs, String source) {
    public Machine {
        if (!(peakGflops > 0) || !(bandwidthGBs > 0) || !(cacheBandwidthGBs >= 0)) {
            throw new IllegalArgumentException("peak and bandwidth must be positive, got " + peakGflops + " GFLOP/s, "
                    + bandwidthGBs + " GB/s, cache " + cacheBandwidthGBs + " GB/s");
        }
    }

    /** Roofs without a cache slope. */
    public Machine(double peakGflops, double bandwidthGBs, String source) {
        this(peakGflops, bandwidthGBs, 0, source);
    }

    /** Arithmetic intensity (FLOP/byte) where the bandwidth roof meets the compute roof. */
    public double ridgePoint() {
        return peakGflops / bandwidthGBs;
    }

    /** Attainable GFLOP/s at an arithmetic intensity: min(peak, bandwidth x intensity). */
    public double roof(double intensity) {
        return Math.min(peakGflops, bandwidthGBs * intensity);
    }
}
