package dev.ondeck.visualizers;

/**
 * The roofs of a roofline: peak compute and memory bandwidth, and where they come from.
 *
 * @param peakGflops     peak GFLOP/s
 * @param bandwidthGBs   memory bandwidth, GB/s (10^9 bytes)
 * @param source         how they were obtained, e.g. "measured: scalar FMA, 1 thread" or "datasheet"
 */
public record Machine(double peakGflops, double bandwidthGBs, String source) {
    public Machine {
        if (!(peakGflops > 0) || !(bandwidthGBs > 0)) {
            throw new IllegalArgumentException("peak and bandwidth must be positive, got " + peakGflops + " GFLOP/s, "
                    + bandwidthGBs + " GB/s");
        }
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
