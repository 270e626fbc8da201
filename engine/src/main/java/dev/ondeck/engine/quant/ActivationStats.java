package dev.ondeck.engine.quant;

import dev.ondeck.engine.Tensor;

/**
 * What calibration saw of one float tensor: its min and max over all samples (first pass) and, for the
 * percentile and entropy methods, a histogram of its values over [min, max] and one of its non-zero |values|
 * over [0, max |value|] (second pass). Exact zeros are left out of the second: 0 is always exact, and the spike of
 * zeros after a Relu would otherwise pull the entropy threshold far below the values that matter.
 */
final class ActivationStats {
    static final int BINS = 2048;
    private static final double PERCENTILE_TAIL = 0.00005;
    private static final int ENTROPY_LEVELS = 128;
    private static final double ENTROPY_MAX_CLIPPED = 0.001;

    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long[] histogram;
    long[] absHistogram;
    /** Set when the tensor turned out not to be float32: it is then left unquantised. */
    boolean notFloat;

    void observeRange(Tensor t) {
        for (int i = 0, n = t.size(); i < n; i++) {
            double v = t.getDouble(i);
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
    }

    void observeHistogram(Tensor t) {
        if (histogram == null) {
            histogram = new long[BINS];
            absHistogram = new long[BINS];
        }
        double width = max - min;
        double amax = Math.max(Math.abs(min), Math.abs(max));
        for (int i = 0, n = t.size(); i < n; i++) {
            double v = t.getDouble(i);
            histogram[width > 0 ? bin((v - min) / width) : 0]++;
            if (v != 0) {
                absHistogram[amax > 0 ? bin(Math.abs(v) / amax) : 0]++;
            }
        }
    }

    private static int bin(double fraction) {
        return (int) Math.max(0, Math.min(BINS - 1, fraction * BINS));
    }

    /** The range {lo, hi} to quantise to, by {@code method}; always contains 0 (so 0 is exact). */
    double[] range(CalibrationMethod method) {
        if (min > max) {
            throw new IllegalStateException("no values observed");
        }
        double lo = min;
        double hi = max;
        if (method == CalibrationMethod.PERCENTILE && histogram != null) {
            long total = 0;
            for (long c : histogram) {
                total += c;
            }
            double width = (max - min) / BINS;
            lo = min + width * firstBinReaching(histogram, PERCENTILE_TAIL * total);
            hi = min + width * (BINS - firstBinReaching(reversed(histogram), PERCENTILE_TAIL * total));
        } else if (method == CalibrationMethod.ENTROPY && absHistogram != null) {
            double amax = Math.max(Math.abs(min), Math.abs(max));
            double threshold = amax * entropyThresholdBins(absHistogram) / BINS;
            lo = Math.max(min, -threshold);
            hi = Math.min(max, threshold);
        }
        return new double[] {Math.min(lo, 0), Math.max(hi, 0)};
    }

    private static long[] reversed(long[] h) {
        long[] r = new long[h.length];
        for (int i = 0; i < h.length; i++) {
            r[i] = h[h.length - 1 - i];
        }
        return r;
    }

    /** Index of the first bin whose cumulative count exceeds {@code count}. */
    private static int firstBinReaching(long[] h, double count) {
        long sum = 0;
        for (int i = 0; i < h.length; i++) {
            sum += h[i];
            if (sum > count) {
                return i;
            }
        }
        return h.length;
    }

    /**
     * TensorRT's calibration: the bin count whose clipped distribution best survives 128-level quantisation.
     * Candidates that would clip more than {@link #ENTROPY_MAX_CLIPPED} of the values are skipped: KL divergence
     * compares normalised distributions, so on sparse inputs (an image of 17 grey levels) lumping everything into
     * one clipped bin would otherwise look perfect.
     */
    static int entropyThresholdBins(long[] h) {
        long total = 0;
        for (long c : h) {
            total += c;
        }
        long[] above = new long[h.length + 1];
        for (int j = h.length - 1; j >= 0; j--) {
            above[j] = above[j + 1] + h[j];
        }
        int best = h.length;
        double bestKl = Double.POSITIVE_INFINITY;
        for (int i = ENTROPY_LEVELS; i <= h.length; i++) {
            if (above[i] > ENTROPY_MAX_CLIPPED * total) {
                continue;
            }
            double[] p = new double[i];
            for (int j = 0; j < i; j++) {
                p[j] = h[j];
            }
            for (int j = i; j < h.length; j++) {
                p[i - 1] += h[j];
            }
            double[] q = new double[i];
            for (int level = 0; level < ENTROPY_LEVELS; level++) {
                int start = level * i / ENTROPY_LEVELS;
                int end = (level + 1) * i / ENTROPY_LEVELS;
                double sum = 0;
                int nonZero = 0;
                for (int j = start; j < end; j++) {
                    sum += h[j];
                    nonZero += h[j] != 0 ? 1 : 0;
                }
                for (int j = start; j < end; j++) {
                    q[j] = h[j] != 0 ? sum / nonZero : 0;
                }
            }
            double kl = divergence(p, q);
            if (kl < bestKl) {
                bestKl = kl;
                best = i;
            }
        }
        return best;
    }

    private static double divergence(double[] p, double[] q) {
        double ps = 0;
        double qs = 0;
        for (int j = 0; j < p.length; j++) {
            ps += p[j];
            qs += q[j];
        }
        if (ps == 0 || qs == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double kl = 0;
        for (int j = 0; j < p.length; j++) {
            if (p[j] > 0) {
                double pj = p[j] / ps;
                double qj = q[j] > 0 ? q[j] / qs : 1e-12;
                kl += pj * Math.log(pj / qj);
            }
        }
        return kl;
    }
}
