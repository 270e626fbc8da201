package dev.ondeck.engine.backend.int8;

/** The plain-Java {@link Int8Kernels}, the specification the faster implementations are checked against. */
public final class ScalarInt8Kernels implements Int8Kernels {
    private static final int PANEL = 8;

    @Override
    public String describe() {
        return "scalar";
    }

    @Override
    public int panelWidth() {
        return PANEL;
    }

    @Override
    public void quantise(float[] x, int off, int len, float scale, int zeroPoint, byte[] q, int qOff) {
        float lo = -128 - zeroPoint;
        float hi = 127 - zeroPoint;
        for (int i = 0; i < len; i++) {
            q[qOff + i] = (byte) (rintToInt(Math.max(lo, Math.min(hi, x[off + i] / scale))) + zeroPoint);
        }
    }

    @Override
    public void dequantise(byte[] q, int off, int len, boolean unsigned, int zeroPoint, float scale, float[] out, int outOff) {
        int mask = unsigned ? 0xFF : -1;
        for (int i = 0; i < len; i++) {
            out[outOff + i] = (float) ((q[off + i] & mask) - zeroPoint) * scale;
        }
    }

    /** Round half to even of a value already clamped to a small range; NaN gives 0. */
    static int rintToInt(float t) {
        return (int) Math.rint(t);
    }

    @Override
    public void gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int panel = j / PANEL * k * PANEL + j % PANEL;
                int acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += a[aOff + i * lda + p] * b[panel + p * PANEL];
                }
                c[cOff + i * ldc + j] = acc;
            }
        }
    }

    @Override
    public void shiftedRowSum(byte[] x, int xOff, int rowStep, int[] tapOffset, byte[] w, int wOff, int taps, int rows,
            int cols, int[] acc, int accOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * rowStep;
            for (int j = 0; j < cols; j++) {
                int s = 0;
                for (int t = 0; t < taps; t++) {
                    s += w[wOff + t] * x[row + tapOffset[t] + j];
                }
                acc[accOff + r * cols + j] = s;
            }
        }
    }

    @Override
    public void requantise(int[] acc, int accOff, int len, Requantisation r, int channel, boolean perLane, float[] out,
            int outOff) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = r.finish(acc[accOff + i], perLane ? channel + i : channel);
        }
    }
}
