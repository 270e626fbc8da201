package dev.ondeck.engine.inspect;

import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * How far one tensor is from a reference: max absolute and relative error, cosine similarity, largest ULP
 * distance (float32 spacing), and the flat index of the worst element. NaN in both counts as equal; NaN in
 * one only makes the errors infinite.
 */
public final class TensorComparison {
    private final double maxAbsError;
    private final double maxRelError;
    private final double cosine;
    private final long maxUlp;
    private final int worstIndex;
    private final int count;

    private TensorComparison(double maxAbsError, double maxRelError, double cosine, long maxUlp, int worstIndex, int count) {
        this.maxAbsError = maxAbsError;
        this.maxRelError = maxRelError;
        this.cosine = cosine;
        this.maxUlp = maxUlp;
        this.worstIndex = worstIndex;
        this.count = count;
    }

    /** Compares {@code actual} against {@code reference}; shapes must match. */
    public static TensorComparison of(Tensor reference, Tensor actual) {
        if (!Arrays.equals(reference.shapeView(), actual.shapeView())) {
            throw new OndeckException("cannot compare shapes " + Arrays.toString(actual.shapeView())
                    + " and reference " + Arrays.toString(reference.shapeView()));
        }
        int n = reference.size();
        double maxAbs = 0;
        double maxRel = 0;
        long maxUlp = 0;
        int worst = n > 0 ? 0 : -1;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < n; i++) {
            double r = reference.getDouble(i);
            double a = actual.getDouble(i);
            if (Double.isNaN(r) && Double.isNaN(a)) {
                continue;
            }
            double err = (Double.isNaN(r) || Double.isNaN(a)) ? Double.POSITIVE_INFINITY : (r == a ? 0 : Math.abs(a - r));
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            if (err > maxAbs) {
                maxAbs = err;
                worst = i;
            }
            double rel = err == 0 ? 0 : err / Math.max(Math.abs(r), Double.MIN_NORMAL);
            maxRel = Math.max(maxRel, rel);
            maxUlp = Math.max(maxUlp, ulpDistance((float) r, (float) a));
            if (!Double.isInfinite(r) && !Double.isInfinite(a) && !Double.isNaN(r) && !Double.isNaN(a)) {
                dot += r * a;
                na += r * r;
                nb += a * a;
            }
        }
        double cos = na == 0 && nb == 0 ? 1.0 : (na == 0 || nb == 0 ? 0.0 : dot / Math.sqrt(na * nb));
        return new TensorComparison(maxAbs, maxRel, cos, maxUlp, worst, n);
    }

    /** Distance in float32 units in the last place (saturates at Long.MAX_VALUE for NaN). */
    static long ulpDistance(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        long ia = orderedBits(a);
        long ib = orderedBits(b);
        return Math.abs(ia - ib);
    }

    private static long orderedBits(float f) {
        int bits = Float.floatToIntBits(f);
        return bits < 0 ? (long) Integer.MIN_VALUE - bits : bits;
    }

    public double maxAbsError() {
        return maxAbsError;
    }

    /** Max of |a - r| / |r| over elements (elements with r = 0 use the smallest normal double). */
    public double maxRelError() {
        return maxRelError;
    }

    /** Cosine similarity of the two tensors as vectors (1 when both are all zeros). */
    public double cosineSimilarity() {
        return cosine;
    }

    public long maxUlpDistance() {
        return maxUlp;
    }

    /** Flat index of the element with the largest absolute error (-1 for empty tensors). */
    public int worstIndex() {
        return worstIndex;
    }

    public int count() {
        return count;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "max abs %.3g, max rel %.3g, cosine %.6f, max ulp %d, worst at %d",
                maxAbsError, maxRelError, cosine, maxUlp, worstIndex);
    }
}
