package dev.ondeck.engine.backend.portable;

/**
 * The F(4x4, 3x3) Winograd transforms (Lavin and Gray, interpolation points 0, 1, -1, 2, -2 and infinity): a
 * 4x4 output tile of a 3x3 correlation is {@code A^T [(G g G^T) . (B^T d B)] A} over the 6x6 input tile d, 36
 * multiplications instead of 144. The 36 points are numbered {@code xi = 6 * i + k} (row i, column k of the
 * transformed tile). Input and output transforms work on {@code n} tiles at once, tile index innermost, so that
 * the loops vectorise (HotSpot's and ART's loop vectorisers).
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
        for (int r = 0; r < IN; r++) {
            int a = r * IN * n;
            for (int t = from; t < n; t++) {
                float x0 = d[a + t];
                float x1 = d[a + n + t];
                float x2 = d[a + 2 * n + t];
                float x3 = d[a + 3 * n + t];
                float x4 = d[a + 4 * n + t];
                float x5 = d[a + 5 * n + t];
                s[a + t] = 4 * x0 - 5 * x2 + x4;
                s[a + n + t] = -4 * (x1 + x2) + x3 + x4;
                s[a + 2 * n + t] = 4 * (x1 - x2) - x3 + x4;
                s[a + 3 * n + t] = 2 * (x3 - x1) - x2 + x4;
                s[a + 4 * n + t] = 2 * (x1 - x3) - x2 + x4;
                s[a + 5 * n + t] = 4 * x1 - 5 * x3 + x5;
            }
        }
        for (int k = 0; k < IN; k++) {
            int a = k * n;
            int o = vOff + k * vStride;
            int rs = IN * n;
            int vs = IN * vStride;
            for (int t = from; t < n; t++) {
                float x0 = s[a + t];
                float x1 = s[a + rs + t];
                float x2 = s[a + 2 * rs + t];
                float x3 = s[a + 3 * rs + t];
                float x4 = s[a + 4 * rs + t];
                float x5 = s[a + 5 * rs + t];
                v[o + t] = 4 * x0 - 5 * x2 + x4;
                v[o + vs + t] = -4 * (x1 + x2) + x3 + x4;
                v[o + 2 * vs + t] = 4 * (x1 - x2) - x3 + x4;
                v[o + 3 * vs + t] = 2 * (x3 - x1) - x2 + x4;
                v[o + 4 * vs + t] = 2 * (x1 - x3) - x2 + x4;
                v[o + 5 * vs + t] = 4 * x1 - 5 * x3 + x5;
            }
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
        for (int i = 0; i < IN; i++) {
            int a = pOff + i * IN * pStride;
            int q = i * OUT * n;
            for (int t = from; t < n; t++) {
                float m0 = p[a + t];
                float m1 = p[a + pStride + t];
                float m2 = p[a + 2 * pStride + t];
                float m3 = p[a + 3 * pStride + t];
                float m4 = p[a + 4 * pStride + t];
                float m5 = p[a + 5 * pStride + t];
                float s12 = m1 + m2;
                float d12 = m1 - m2;
                float s34 = m3 + m4;
                float d34 = m3 - m4;
                s[q + t] = m0 + s12 + s34;
                s[q + n + t] = d12 + 2 * d34;
                s[q + 2 * n + t] = s12 + 4 * s34;
                s[q + 3 * n + t] = d12 + 8 * d34 + m5;
            }
        }
        int rs = OUT * n;
        for (int c = 0; c < OUT; c++) {
            int a = c * n;
            for (int t = from; t < n; t++) {
                float m0 = s[a + t];
                float m1 = s[a + rs + t];
                float m2 = s[a + 2 * rs + t];
                float m3 = s[a + 3 * rs + t];
                float m4 = s[a + 4 * rs + t];
                float m5 = s[a + 5 * rs + t];
                float s12 = m1 + m2;
                float d12 = m1 - m2;
                float s34 = m3 + m4;
                float d34 = m3 - m4;
                o[t * OUT + c] = Math.min(Math.max(m0 + s12 + s34 + bias, lo), hi);
                o[(n + t) * OUT + c] = Math.min(Math.max(d12 + 2 * d34 + bias, lo), hi);
                o[(2 * n + t) * OUT + c] = Math.min(Math.max(s12 + 4 * s34 + bias, lo), hi);
                o[(3 * n + t) * OUT + c] = Math.min(Math.max(d12 + 8 * d34 + m5 + bias, lo), hi);
            }
        }
    }
}
