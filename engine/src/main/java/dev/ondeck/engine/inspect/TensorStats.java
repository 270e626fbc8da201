package dev.ondeck.engine.inspect;

import dev.ondeck.engine.Tensor;
import java.util.Locale;

/**
 * Summary statistics of a tensor: min, max, mean, standard deviation, NaN/Inf counts, zero fraction and a
 * histogram over [min, max] of the finite values. Computed in one pass plus one for the histogram.
 */
public final class TensorStats {
    private final int count;
    private final double min;
    private final double max;
    private final double mean;
    private final double std;
    private final int nanCount;
    private final int infCount;
    private final int zeroCount;
    private final long[] histogram;

    private TensorStats(int count, double min, double max, double mean, double std, int nanCount, int infCount,
                        int zeroCount, long[] histogram) {
        this.count = count;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.std = std;
        this.nanCount = nanCount;
        this.infCount = infCount;
        this.zeroCount = zeroCount;
        this.histogram = histogram;
    }

    /** Statistics with a 20-bin histogram. */
    public static TensorStats of(Tensor t) {
        return of(t, 20);
    }

    /** Statistics with {@code bins} histogram bins over the finite values. */
    public static TensorStats of(Tensor t, int bins) {
        if (bins <= 0) {
            throw new IllegalArgumentException("bins must be positive, got " + bins);
        }
        int n = t.size();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSq = 0;
        int finite = 0;
        int nan = 0;
        int inf = 0;
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            double v = t.getDouble(i);
            if (Double.isNaN(v)) {
                nan++;
                continue;
            }
            if (Double.isInfinite(v)) {
                inf++;
                continue;
            }
            if (v == 0) {
                zeros++;
            }
            finite++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSq += v * v;
        }
        double mean = finite == 0 ? Double.NaN : sum / finite;
        double var = finite == 0 ? Double.NaN : Math.max(0, sumSq / finite - mean * mean);
        long[] hist = new long[bins];
        if (finite > 0) {
            double width = (max - min) / bins;
            for (int i = 0; i < n; i++) {
                double v = t.getDouble(i);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
                int b = width == 0 ? 0 : (int) ((v - min) / width);
                hist[Math.min(bins - 1, Math.max(0, b))]++;
            }
        }
        return new TensorStats(n, finite == 0 ? Double.NaN : min, finite == 0 ? Double.NaN : max, mean, Math.sqrt(var),
                nan, inf, zeros, hist);
    }

    /** Number of elements. */
    public int count() {
        return count;
    }

    /** Smallest finite value (NaN when none). */
    public double min() {
        return min;
    }

    /** Largest finite value (NaN when none). */
    public double max() {
        return max;
    }

    /** Mean of the finite values. */
    public double mean() {
        return mean;
    }

    /** Population standard deviation of the finite values. */
    public double std() {
        return std;
    }

    public int nanCount() {
        return nanCount;
    }

    public int infCount() {
        return infCount;
    }

    /** Fraction of all elements that are exactly zero. */
    public double zeroFraction() {
        return count == 0 ? 0 : (double) zeroCount / count;
    }

    /** Histogram counts; bin i covers [min + i w, min + (i+1) w) with w = (max - min) / bins. */
    public long[] histogram() {
        return histogram.clone();
    }

    /** Lower edge of each bin plus the upper edge of the last (bins + 1 values). */
    public double[] binEdges() {
        double[] e = new double[histogram.length + 1];
        double w = (max - min) / histogram.length;
        for (int i = 0; i < e.length; i++) {
            e[i] = min + i * w;
        }
        return e;
    }

    /** True when the tensor holds any NaN or infinity. */
    public boolean hasNonFinite() {
        return nanCount + infCount > 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "n=%d min=%.6g max=%.6g mean=%.6g std=%.6g nan=%d inf=%d zeros=%.1f%%",
                count, min, max, mean, std, nanCount, infCount, 100 * zeroFraction());
    }
}
