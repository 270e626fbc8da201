package dev.ondeck.engine.backend.portable;

/**
 * The F(4x4, 3x3) Winograd transforms (Lavin and Gray, interpolation points 0, 1, -1, 2, -2 and infinity): a
 * 4x4 output tile of a 3x3 correlation is {@code A^T [(G g G^T) . (B^T d B)] A} over the 6x6 input tile d, 36
 * multiplications instead of 144. The 36 points are numbered {@code xi = 6 * i + k} (row i, column k of the
 * transformed tile). Input and output transforms work on {@code n} tiles at once, tile index innermost, so that
 * the loops vectorise (HotSpot's and ART's loop vectorisers): the plain loops run over zero-based per-thread rows
 * ({@link Rows}), every array indexed alike.
 */
public class WinogradF43 {
    /** Input tile side. */
    public static final int IN = 6;
    /** Output tile side. */
    public static final int OUT = 4;
    /** Transformed points per tile. */
    public static final int POINTS = IN * IN;

    /** The transforms in plain loops. */
    public static final WinogradF43 PORTABLE = new WinogradF43();

    /** Subclasses replace the tile transforms (e.g. with Vector API loops); the weight transform stays. */
    protected WinogradF43() {
    }

    /**
     * The transformed weights {@code U[xi][m][c] = (G w[m][c] G^T)[xi]} of a [M, C, 3, 3] weight, computed in
     * double precision.
     */
    static float[] weights(float[] w, int m, int c) {
        float[] u = new float[POINTS * m * c]; // (36, M, C)
        double[] t = new double[IN * 3]; // G g: (6, 3)
        double[] r = new double[IN];
        for (int mo = 0; mo < m; mo++) {
            for (int ci = 0; ci < c; ci++) {
                int base = (mo * c + ci) * 9;
                for (int j = 0; j < 3; j++) {
                    kernelColumn(w[base + j], w[base + 3 + j], w[base + 6 + j], r);
                    for (int i = 0; i < IN; i++) {
                        t[i * 3 + j] = r[i];
                    }
                }
                for (int i = 0; i < IN; i++) {
                    kernelColumn(t[i * 3], t[i * 3 + 1], t[i * 3 + 2], r);
                    for (int k = 0; k < IN; k++) {
                        u[((i * IN + k) * m + mo) * c + ci] = (float) r[k];
                    }
                }
            }
        }
        return u;
    }

    /** r = G [g0, g1, g2]. */
    private static void kernelColumn(double g0, double g1, double g2, double[] r) {
        r[0] = g0 / 4;
        r[1] = -(g0 + g1 + g2) / 6;
        r[2] = (-g0 + g1 - g2) / 6;
        r[3] = g0 / 24 + g1 / 12 + g2 / 6;
        r[4] = g0 / 24 - g1 / 12 + g2 / 6;
        r[5] = g2;
    }

    /**
     * The fewest input channels for which a plane of few output tiles (fewer than 32: its products are only C deep,
     * and its output transforms, one per output channel and tile, weigh as much as the products) goes through
     * Winograd rather than im2col on this backend. The plain loops: no limit (on {@code cpu-portable} SqueezeNet's
     * 13x13 expand convolutions, 48 or 64 -> 192 or 256 channels, ran 15-25% faster by Winograd than by im2col).
     */
    public int narrowMinChannels() {
        return 0;
    }

    /**
     * {@code B^T d B} of n tiles: d holds element (r, c) of tile t at {@code (6r + c) * n + t}; point xi of tile t
     * goes to {@code v[vOff + xi * vStride + t]}. {@code s} is scratch of 36 n floats.
     */
    public void input(float[] d, int n, float[] s, float[] v, int vOff, int vStride) {
        input(d, n, s, v, vOff, vStride, 0);
    }

    /** {@link #input} of tiles {@code from .. n} only (the tail a subclass leaves). */
    protected final void input(float[] d, int n, float[] s, float[] v, int vOff, int vStride, int from) {
        int len = n - from;
        if (len <= 0) {
            return;
        }
        float[][] r = Rows.of(IN + POINTS + IN, len);
        int lanes = Rows.lanes(len);
        for (int i = 0; i < IN; i++) {
            for (int c = 0; c < IN; c++) {
                System.arraycopy(d, (IN * i + c) * n + from, r[c], 0, len);
            }
            int t = IN + IN * i;
            inputRows(r[0], r[1], r[2], r[3], r[4], r[5], r[t], r[t + 1], r[t + 2], r[t + 3], r[t + 4], r[t + 5], lanes);
        }
        int o = IN + POINTS;
        for (int k = 0; k < IN; k++) {
            int t = IN + k;
            inputRows(r[t], r[t + IN], r[t + 2 * IN], r[t + 3 * IN], r[t + 4 * IN], r[t + 5 * IN], r[o], r[o + 1], r[o + 2],
                    r[o + 3], r[o + 4], r[o + 5], lanes);
            for (int i = 0; i < IN; i++) {
                System.arraycopy(r[o + i], 0, v, vOff + (IN * i + k) * vStride + from, len);
            }
        }
    }

    /**
     * One row (or column) of {@code B^T d B}, element by element: y = B^T x over six zero-based rows, in two loops
     * of three outputs (one loop of all six stayed scalar: too large a body for C2 to unroll into vectors).
     */
    private static void inputRows(float[] x0, float[] x1, float[] x2, float[] x3, float[] x4, float[] x5, float[] y0,
            float[] y1, float[] y2, float[] y3, float[] y4, float[] y5, int lanes) {
        for (int t = 0; t < lanes; t++) {
            float a1 = x1[t];
            float a2 = x2[t];
            float a3 = x3[t];
            float a4 = x4[t];
            y0[t] = 4 * x0[t] - 5 * a2 + a4;
            y1[t] = -4 * (a1 + a2) + a3 + a4;
            y2[t] = 4 * (a1 - a2) - a3 + a4;
        }
        for (int t = 0; t < lanes; t++) {
            float a1 = x1[t];
            float a2 = x2[t];
            float a3 = x3[t];
            float a4 = x4[t];
            y3[t] = 2 * (a3 - a1) - a2 + a4;
            y4[t] = 2 * (a1 - a3) - a2 + a4;
            y5[t] = 4 * a1 - 5 * a3 + x5[t];
        }
    }

    /**
     * {@code clamp(A^T p A + bias)} of n tiles: point xi of tile t is {@code p[pOff + xi * pStride + t]}; element
     * (r, c) of output tile t goes to {@code o[(r * n + t) * 4 + c]}, so that row r of a run of tiles is one
     * contiguous stretch of 4 floats per tile, as in the output plane. {@code s} is scratch of 24 n floats.
     */
    public void output(float[] p, int pOff, int pStride, int n, float bias, float lo, float hi, float[] s, float[] o) {
        output(p, pOff, pStride, n, bias, lo, hi, s, o, 0);
    }

    /** {@link #output} of tiles {@code from .. n} only (the tail a subclass leaves). */
    protected final void output(float[] p, int pOff, int pStride, int n, float bias, float lo, float hi, float[] s, float[] o,
            int from) {
        int len = n - from;
        if (len <= 0) {
            return;
        }
        float[][] r = Rows.of(IN + IN * OUT + OUT, len);
        int lanes = Rows.lanes(len);
        for (int i = 0; i < IN; i++) {
            for (int k = 0; k < IN; k++) {
                System.arraycopy(p, pOff + (IN * i + k) * pStride + from, r[k], 0, len);
            }
            int t = IN + OUT * i;
            outputRows(r[0], r[1], r[2], r[3], r[4], r[5], r[t], r[t + 1], r[t + 2], r[t + 3], lanes);
        }
        int q = IN + IN * OUT;
        for (int c = 0; c < OUT; c++) {
            int t = IN + c;
            outputRows(r[t], r[t + OUT], r[t + 2 * OUT], r[t + 3 * OUT], r[t + 4 * OUT], r[t + 5 * OUT], r[q], r[q + 1],
                    r[q + 2], r[q + 3], lanes);
            for (int i = 0; i < OUT; i++) {
                float[] row = r[q + i];
                clamp(row, bias, lo, hi, lanes);
                int base = (i * n + from) * OUT + c;
                for (int k = 0; k < len; k++) {
                    o[base + k * OUT] = row[k];
                }
            }
        }
    }

    /** One row (or column) of {@code A^T m A}, element by element: y = A^T x over six zero-based rows. */
    private static void outputRows(float[] x0, float[] x1, float[] x2, float[] x3, float[] x4, float[] x5, float[] y0,
            float[] y1, float[] y2, float[] y3, int lanes) {
        for (int t = 0; t < lanes; t++) {
            float m1 = x1[t];
            float m2 = x2[t];
            float m3 = x3[t];
            float m4 = x4[t];
            float s12 = m1 + m2;
            float d12 = m1 - m2;
            float s34 = m3 + m4;
            float d34 = m3 - m4;
            y0[t] = x0[t] + s12 + s34;
            y1[t] = d12 + 2 * d34;
            y2[t] = s12 + 4 * s34;
            y3[t] = d12 + 8 * d34 + x5[t];
        }
    }

    /** y = min(max(y + bias, lo), hi) over a zero-based row. */
    private static void clamp(float[] y, float bias, float lo, float hi, int lanes) {
        for (int t = 0; t < lanes; t++) {
            y[t] = Math.min(Math.max(y[t] + bias, lo), hi);
        }
    }

    /**
     * Per thread: the zero-based rows the transforms run their loops over. HotSpot's C2 (JDK 25) vectorises a loop
     * only where every array is indexed alike; the rows of one flat array at offsets {@code k * n} kept the
     * transforms scalar, so each pass copies its input rows here ({@link System#arraycopy}), computes row by row
     * with every array indexed by the same {@code t}, and copies the results out.
     */
    private static final class Rows {
        private static final ThreadLocal<Rows> OF_THREAD = ThreadLocal.withInitial(() -> new Rows(Thread.currentThread()));
        /**
         * The rows last asked for, kept so that a caller on one thread (a transform per channel) skips the
         * ThreadLocal lookup, which sampled as a fifth of SqueezeNet's transform time; only its owner touches them.
         */
        private static Rows last = new Rows(null);
        private final Thread owner;
        private float[][] rows = new float[0][];

        private Rows(Thread owner) {
            this.owner = owner;
        }

        /**
         * At least {@code count} rows of at least {@link #lanes lanes(len)} floats, this thread's, allocated one after
         * another of one {@link PortableSgemm#paddedLength} (whole cache lines each, so the loops' arrays are aligned
         * alike).
         */
        static float[][] of(int count, int len) {
            Rows r = last;
            if (r.owner != Thread.currentThread()) {
                r = OF_THREAD.get();
                last = r;
            }
            int lanes = lanes(len);
            if (r.rows.length < count || r.rows[0].length < lanes) {
                int width = PortableSgemm.paddedLength(Math.max(lanes, r.rows.length == 0 ? 0 : r.rows[0].length));
                float[][] grown = new float[Math.max(count, r.rows.length)][];
                for (int i = 0; i < grown.length; i++) {
                    grown[i] = new float[width];
                }
                r.rows = grown;
            }
            return r.rows;
        }

        /** {@code len} rounded up to whole 512-bit vectors: the loops run over the rows' tails, never copied out. */
        static int lanes(int len) {
            return (len + 15) & ~15;
        }
    }
}
