package dev.ondeck.engine.backend.int8;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The integer loops of {@code cpu-int8}, an SPI found with {@link ServiceLoader}: the engine ships the scalar
 * {@link ScalarInt8Kernels}, which is the specification; a faster implementation (the {@code cpu} module's
 * Vector API one) registers under {@code META-INF/services/dev.ondeck.engine.backend.int8.Int8Kernels} and must
 * give bit-identical results. int8 values are signed bytes: a uint8 tensor is carried shifted by -128, with its
 * zero point shifted alike, so {@code q - zeroPoint} is unchanged. Integer sums wrap as Java {@code int}s do.
 */
public interface Int8Kernels {
    /** System property naming the implementation to use ("scalar" forces the engine's own); default: the first found. */
    String PROPERTY = "ondeck.int8.kernels";

    /** A short description for backend listings (e.g. vector width and blocking). */
    String describe();

    /** Columns per B panel of {@link #gemm}. */
    int panelWidth();

    /**
     * {@code q[qOff + i] = clamp(rint(x[off + i] / scale) + zeroPoint, -128, 127)}, rounding half to even, NaN
     * as 0 before the zero point is added.
     */
    void quantise(float[] x, int off, int len, float scale, int zeroPoint, byte[] q, int qOff);

    /**
     * {@code out[outOff + i] = (float) (v - zeroPoint) * scale} with {@code v} the byte {@code q[off + i]} read as
     * uint8 when {@code unsigned}, else as int8: DequantizeLinear per tensor.
     */
    void dequantise(byte[] q, int off, int len, boolean unsigned, int zeroPoint, float scale, float[] out, int outOff);

    /**
     * {@code c[cOff + i * ldc + j] = sum_p a[aOff + i * lda + p] * B[p][j]} for i &lt; m, j &lt; n, p &lt; k, where B
     * is packed in panels of {@link #panelWidth()} columns: {@code B[p][j] = b[(j / w) * k * w + p * w + j % w]}
     * (a last partial panel padded with anything).
     */
    void gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int[] c, int cOff, int ldc);

    /**
     * Sums of shifted rows, the depthwise convolution: {@code acc[accOff + r * cols + j] = sum_t w[wOff + t] *
     * x[xOff + r * rowStep + tapOffset[t] + j]} for r &lt; rows, j &lt; cols, t &lt; taps.
     */
    void shiftedRowSum(byte[] x, int xOff, int rowStep, int[] tapOffset, byte[] w, int wOff, int taps, int rows, int cols,
            int[] acc, int accOff);

    /**
     * {@code out[outOff + i] = r.finish(acc[accOff + i], perLane ? channel + i : channel)} for i &lt; len.
     */
    void requantise(int[] acc, int accOff, int len, Requantisation r, int channel, boolean perLane, float[] out, int outOff);

    /** The implementation in use: {@link #PROPERTY}'s choice, else the first provider that loads, else the scalar one. */
    static Int8Kernels loaded() {
        return Loaded.INSTANCE;
    }

    /** Loads the providers once, on first use. */
    final class Loaded {
        static final Int8Kernels INSTANCE = find(System.getProperty(PROPERTY, ""));

        private Loaded() {
        }

        static Int8Kernels find(String wanted) {
            if (wanted.equals("scalar")) {
                return new ScalarInt8Kernels();
            }
            List<String> loaded = new ArrayList<>();
            Iterator<Int8Kernels> it = ServiceLoader.load(Int8Kernels.class, Int8Kernels.class.getClassLoader()).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    Int8Kernels k = it.next();
                    if (wanted.isEmpty() || k.getClass().getName().equals(wanted)) {
                        return k;
                    }
                    loaded.add(k.getClass().getName());
                } catch (ServiceConfigurationError | LinkageError unavailable) {
                    // a provider needing what this JVM lacks (e.g. the Vector API module): try the next one
                }
            }
            if (!wanted.isEmpty()) {
                throw new IllegalArgumentException(PROPERTY + " names " + wanted + ", expected scalar or one of " + loaded);
            }
            return new ScalarInt8Kernels();
        }
    }
}
