package dev.ondeck.engine.quant;

/** The arithmetic of quantisation: symmetric int8 weights, asymmetric uint8 activations, int32 biases, float16. */
final class QuantMath {
    private QuantMath() {
    }

    /** Scale and uint8 zero point covering [lo, hi] (which contains 0), as ONNX Runtime's QDQ quantiser does. */
    static float activationScale(double lo, double hi) {
        double scale = (hi - lo) / 255.0;
        return scale > 0 ? (float) scale : 1f;
    }

    static int activationZeroPoint(double lo, float scale) {
        return (int) Math.max(0, Math.min(255, Math.rint(-lo / scale)));
    }

    /**
     * Symmetric int8 scales: one per slice along {@code axis} of a tensor of {@code shape}, or one for the
     * whole tensor when {@code axis} is negative. Values map to [-127, 127].
     */
    static float[] weightScales(float[] w, int[] shape, int axis) {
        int channels = axis < 0 ? 1 : shape[axis];
        int inner = inner(shape, axis);
        float[] amax = new float[channels];
        for (int i = 0; i < w.length; i++) {
            int c = axis < 0 ? 0 : i / inner % channels;
            amax[c] = Math.max(amax[c], Math.abs(w[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = amax[c] > 0 ? amax[c] / 127f : 1f;
        }
        return scales;
    }

    static byte[] quantizeWeights(float[] w, int[] shape, int axis, float[] scales) {
        int inner = inner(shape, axis);
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            float s = scales[axis < 0 ? 0 : i / inner % scales.length];
            q[i] = (byte) Math.max(-127, Math.min(127, Math.rint(w[i] / s)));
        }
        return q;
    }

    /** int32 bias at scale {@code inputScale * weightScales[c]} (zero point 0), one value per output channel. */
    static int[] quantizeBias(float[] b, float inputScale, float[] weightScales) {
        int[] q = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            double s = (double) inputScale * weightScales[weightScales.length == 1 ? 0 : i];
            q[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(b[i] / s)));
        }
        return q;
    }

    static float[] biasScales(float inputScale, float[] weightScales) {
        float[] s = new float[weightScales.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = inputScale * weightScales[i];
        }
        return s;
    }

    private static int inner(int[] shape, int axis) {
        int inner = 1;
        for (int d = axis + 1; axis >= 0 && d < shape.length; d++) {
            inner *= shape[d];
        }
        return inner;
    }

    /** IEEE half-precision bits of {@code f}, rounded to nearest even (Java 17 has no Float.floatToFloat16). */
    static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >> shift;
            int rest = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) (sign | half);
    }
}
