package dev.ondeck.engine.quant;

/** How an activation's quantisation range is chosen from the values seen during calibration. */
public enum CalibrationMethod {
    /** The smallest and largest value seen. */
    MINMAX,
    /** The 0.005th and 99.995th percentiles of the values seen (outliers clipped). */
    PERCENTILE,
    /**
     * The clipping threshold on non-zero |x| that minimises the KL divergence of the 128-level quantised
     * histogram (TensorRT's method), among thresholds that clip at most 0.1% of the values.
     */
    ENTROPY;

    /** Parses {@code minmax}, {@code percentile} or {@code entropy} (any case). */
    public static CalibrationMethod parse(String name) {
        for (CalibrationMethod m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown calibration method '" + name + "': expected minmax, percentile or entropy");
    }
}
