package dev.ondeck.visualizers;

/** Bin counts over edges: bin i covers [edges[i], edges[i+1]). */
public record Histogram(String title, double[] edges, long[] counts) {
    public Histogram {
        if (edges.length != counts.length + 1) {
            throw new IllegalArgumentException("histogram " + title + ": expected " + (counts.length + 1)
                    + " edges for " + counts.length + " bins, found " + edges.length);
        }
    }

    /** A histogram of values over [min, max] of the finite ones. */
    public static Histogram of(String title, double[] values, int bins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            min = 0;
            max = 0;
        }
        double w = (max - min) / bins;
        long[] counts = new long[bins];
        for (double v : values) {
            if (Double.isFinite(v)) {
                int b = w == 0 ? 0 : (int) ((v - min) / w);
                counts[Math.min(bins - 1, Math.max(0, b))]++;
            }
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = min + i * w;
        }
        return new Histogram(title, edges, counts);
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }
}
