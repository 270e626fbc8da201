package dev.ondeck.engine.backend.portable;

/**
 * One backend's loop for 2-D max or average pooling over a plane in which every window lies whole: y[i, j] =
 * reduce over a < kh, b < kw of p[pOff + (i * sh + a * dh) * pitch + j * sw + b * dw], times
 * {@code inverseCounts[i * ow + j]} for average. {@link Pool2dPlane} passes either the input plane itself (no
 * padding, no ceil-mode overhang) or a copy laid out with the padding holding the reduction's neutral value
 * (-inf for max, 0 for average).
 */
public interface PoolWindows {
    /** The window geometry: kernel, strides, dilations and the output's extents. */
    final class Shape {
        public final int kh;
        public final int kw;
        public final int sh;
        public final int sw;
        public final int dh;
        public final int dw;
        public final int oh;
        public final int ow;

        Shape(int kh, int kw, int sh, int sw, int dh, int dw, int oh, int ow) {
            this.kh = kh;
            this.kw = kw;
            this.sh = sh;
            this.sw = sw;
            this.dh = dh;
            this.dw = dw;
            this.oh = oh;
            this.ow = ow;
        }
    }

    /**
     * Floats this loop may read past the last window's column in each row (vector loads over the edge); what they
     * hold reaches no stored output, so they may be the next row's elements, but must lie inside the array.
     */
    int slack();

    /**
     * Pools the plane at {@code p[pOff]} (rows of {@code pitch} floats) into y[yOff ..] (OH, OW).
     *
     * @param inverseCounts 1 / the window's count per output element, for average; null for max
     */
    void pool(boolean max, float[] p, int pOff, int pitch, Shape s, float[] inverseCounts, float[] y, int yOff);

    /**
     * Like {@link #pool} over the padded plane, but reading the unpadded input plane {@code x[xOff ..]} (h rows of
     * w floats) itself: window row {@code i * sh + a * dh - padTop} and column {@code j * sw + b * dw - padLeft},
     * those outside rows {@code [0, h)} and columns {@code [0, cols)} (cols &lt;= w, the columns any window reads)
     * taking the reduction's neutral value. Returns false, having written nothing, where this loop does not do it
     * (the caller then copies the plane into a padded buffer and calls {@link #pool}); the default does not.
     */
    default boolean poolPadded(boolean max, float[] x, int xOff, int h, int w, int cols, int padTop, int padLeft, Shape s,
            float[] inverseCounts, float[] y, int yOff) {
        return false;
    }

    /**
     * Plain loops over zero-based per-thread rows, every array indexed alike (HotSpot's C2 keeps a loop over rows
     * of one array at offsets scalar): per output row, the window rows copied out and reduced, then the window
     * columns (for stride 2 from the row split into its even and odd elements), and the output row copied in; a
     * 3-wide window of stride 2 reduces its columns in one scalar loop instead.
     */
    PoolWindows PORTABLE = new PoolWindows() {
        @Override
        public int slack() {
            return 0;
        }

        @Override
        public void pool(boolean max, float[] p, int pOff, int pitch, Shape s, float[] inverseCounts, float[] y, int yOff) {
            int span = (s.ow - 1) * s.sw + (s.kw - 1) * s.dw + 1;
            int lanes = PoolRows.lanes(span);
            int outLanes = PoolRows.lanes(s.ow);
            float[][] r = PoolRows.of(lanes);
            float[] v = r[0]; // the window rows of one output row, reduced
            float[] t = r[1]; // one window row, or one tap's columns
            float[] o = r[2]; // the output row
            for (int i = 0; i < s.oh; i++) {
                int r0 = pOff + i * s.sh * pitch;
                System.arraycopy(p, r0, v, 0, span);
                for (int a = 1; a < s.kh; a++) {
                    System.arraycopy(p, r0 + a * s.dh * pitch, t, 0, span);
                    combine(max, false, v, t, lanes);
                }
                if (s.sw == 2 && s.kw == 3 && s.dw == 1) {
                    windowsOfThree(max, v, inverseCounts, i * s.ow, y, yOff + i * s.ow, s.ow);
                    continue;
                }
                float[] src = v;
                int step = s.sw;
                int half = (span + 1) / 2;
                if (step == 2) {
                    src = r[3]; // the even elements of v, then the odd ones
                    for (int k = 0; k < span / 2; k++) {
                        src[k] = v[2 * k];
                        src[half + k] = v[2 * k + 1];
                    }
                    if ((span & 1) != 0) {
                        src[half - 1] = v[span - 1];
                    }
                    step = 1;
                }
                for (int b = 0; b < s.kw; b++) {
                    int col = b * s.dw;
                    int off = s.sw != 2 ? col : (col & 1) == 0 ? col / 2 : half + col / 2;
                    float[] taps = b == 0 ? o : t;
                    if (step == 1) {
                        System.arraycopy(src, off, taps, 0, s.ow);
                    } else {
                        for (int j = 0; j < s.ow; j++) {
                            taps[j] = src[off + j * step];
                        }
                    }
                    if (b > 0) {
                        combine(max, false, o, t, outLanes);
                    }
                }
                if (!max) {
                    System.arraycopy(inverseCounts, i * s.ow, t, 0, s.ow);
                    combine(false, true, o, t, outLanes);
                }
                System.arraycopy(o, 0, y, yOff + i * s.ow, s.ow);
            }
        }

        /**
         * The columns of a 3-wide, stride-2 window over the reduced window rows v, straight into y in one scalar loop
         * (C2 does not vectorise stride-2 reads): y[j] = v[2j] op v[2j + 1] op v[2j + 2], summed in tap order and
         * then scaled for average like the general path. SqueezeNet's MaxPools ran 25-40% faster so than by
         * splitting v into even and odd elements and reducing three tap rows of whole vectors.
         */
        private void windowsOfThree(boolean max, float[] v, float[] inverseCounts, int inv, float[] y, int yOff, int ow) {
            if (max) {
                for (int j = 0; j < ow; j++) {
                    int q = 2 * j;
                    y[yOff + j] = Math.max(Math.max(v[q], v[q + 1]), v[q + 2]);
                }
            } else {
                for (int j = 0; j < ow; j++) {
                    int q = 2 * j;
                    y[yOff + j] = (v[q] + v[q + 1] + v[q + 2]) * inverseCounts[inv + j];
                }
            }
        }

        /** acc[j] = max(acc[j], x[j]), or acc[j] + x[j], or (scale) acc[j] * x[j], for j &lt; lanes. */
        private void combine(boolean max, boolean scale, float[] acc, float[] x, int lanes) {
            if (max) {
                for (int j = 0; j < lanes; j++) {
                    acc[j] = Math.max(acc[j], x[j]);
                }
            } else if (scale) {
                for (int j = 0; j < lanes; j++) {
                    acc[j] *= x[j];
                }
            } else {
                for (int j = 0; j < lanes; j++) {
                    acc[j] += x[j];
                }
            }
        }
    };
}
