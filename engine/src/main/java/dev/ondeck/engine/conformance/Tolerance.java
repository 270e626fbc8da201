package dev.ondeck.engine.conformance;

import dev.ondeck.engine.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * How outputs are compared. {@link #NODE}: ONNX's per-element rule |y - e| <= atol + rtol |e| with rtol
 * 1e-3, atol 1e-7. {@link #MODEL}: by the output's scale, max |y - e| <= 1e-4 max |e| + 1e-6, because
 * summation order legitimately differs in deep models. Integers and booleans compare exactly in both;
 * NaN matches NaN and infinities match by sign.
 */
public enum Tolerance {
    NODE, MODEL;

    /** Null when {@code actual} matches {@code expected}, else what differs. */
    public String compare(Tensor expected, Tensor actual, double[] maxErrOut) {
        if (!Arrays.equals(expected.shapeView(), actual.shapeView())) {
            return "shape " + Arrays.toString(actual.shapeView()) + ", expected " + Arrays.toString(expected.shapeView());
        }
        if (expected.dtype() != actual.dtype()) {
            return "dtype " + actual.dtype() + ", expected " + expected.dtype();
        }
        int n = expected.size();
        if (!expected.dtype().isFloating()) {
            for (int i = 0; i < n; i++) {
                if (expected.getLong(i) != actual.getLong(i)) {
                    return "element " + i + " is " + actual.getLong(i) + ", expected " + expected.getLong(i);
                }
            }
            maxErrOut[0] = Math.max(maxErrOut[0], 0);
            return null;
        }
        double maxAbs = 0;
        double maxErr = 0;
        int worst = -1;
        for (int i = 0; i < n; i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                if (!(Double.isNaN(e) && Double.isNaN(a)) && e != a) {
                    return "element " + i + " is " + a + ", expected " + e;
                }
                continue;
            }
            double err = Math.abs(a - e);
            maxAbs = Math.max(maxAbs, Math.abs(e));
            if (err > maxErr) {
                maxErr = err;
                worst = i;
            }
            if (this == NODE && err > 1e-7 + 1e-3 * Math.abs(e)) {
                maxErrOut[0] = Math.max(maxErrOut[0], err);
                return String.format(Locale.ROOT, "element %d is %.9g, expected %.9g (abs error %.3g)", i, a, e, err);
            }
        }
        maxErrOut[0] = Math.max(maxErrOut[0], maxErr);
        if (this == MODEL && maxErr > 1e-4 * maxAbs + 1e-6) {
            return String.format(Locale.ROOT, "max abs error %.3g at element %d exceeds 1e-4 * %.3g + 1e-6", maxErr, worst, maxAbs);
        }
        return null;
    }
}
