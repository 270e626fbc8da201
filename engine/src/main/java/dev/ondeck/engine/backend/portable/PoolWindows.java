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
     * Plain loops: per output row, the window rows reduced in one contiguous loop, then the window columns in a loop
     * per tap (contiguous for strides 1 and 2).
     */
    PoolWindows PORTABLE = new PoolWindows() {
        private final ThreadLocal<float[][]> row = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

        @Override
        public int slack() {
            return 0;
        }

        @Override
        public void pool(boolean max, float[] p, int pOff, int pitch, Shape s, float[] inverseCounts, float[] y, int yOff) {
            int span = (s.ow - 1) * s.sw + (s.kw - 1) * s.dw + 1;
            float[][] holder = row.get();
            if (holder[0].length < span) {
                holder[0] = new float[span];
            }
            float[] v = holder[0]; // (span): the window rows of one output row, reduced
            for (int i = 0; i < s.oh; i++) {
                int r0 = pOff + i * s.sh * pitch;
                System.arraycopy(p, r0, v, 0, span);
                for (int a = 1; a < s.kh; a++) {
                    int r = r0 + a * s.dh * pitch;
                    if (max) {
                        for (int c = 0; c < span; c++) {
                            v[c] = Math.max(v[c], p[r + c]);
                        }
                    } else {
                        for (int c = 0; c < span; c++) {
                            v[c] += p[r + c];
                        }
                    }
                }
                columns(max, v, span, s, y, yOff + i * s.ow);
                if (!max) {
                    for (int j = 0; j < s.ow; j++) {
                        y[yOff + i * s.ow + j] *= inverseCounts[i * s.ow + j];
                    }
                }
            }
        }

        /**
         * The window columns of one reduced row into output row {@code yRow}: for stride 2 the row is first split
         * into its even and odd elements, so that every tap is a contiguous loop; other strides read {@code sw} apart.
         */
        private void columns(boolean max, float[] v, int span, Shape s, float[] y, int yRow) {
            float[] src = v;
            int step = s.sw;
            int half = (span + 1) / 2;
            if (step == 2) {
                float[][] holder = row.get();
                if (holder[1].length < 2 * half) {
                    holder[1] = new float[2 * half];
                }
                src = holder[1]; // (2, half): the even elements of v, then the odd ones
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
                tap(max, b == 0, src, off, step, y, yRow, s.ow);
            }
        }

        /** y[yRow + j] = (first ? v : y[yRow + j] op v) for v = src[off + j * step], j < ow. */
        private void tap(boolean max, boolean first, float[] src, int off, int step, float[] y, int yRow, int ow) {
            if (first && step == 1) {
                System.arraycopy(src, off, y, yRow, ow);
            } else if (first) {
                for (int j = 0; j < ow; j++) {
                    y[yRow + j] = src[off + j * step];
                }
            } else if (max && step == 1) {
                for (int j = 0; j < ow; j++) {
                    y[yRow + j] = Math.max(y[yRow + j], src[off + j]);
                }
            } else if (step == 1) {
                for (int j = 0; j < ow; j++) {
                    y[yRow + j] += src[off + j];
                }
            } else if (max) {
                for (int j = 0; j < ow; j++) {
                    y[yRow + j] = Math.max(y[yRow + j], src[off + j * step]);
                }
            } else {
                for (int j = 0; j < ow; j++) {
                    y[yRow + j] += src[off + j * step];
                }
            }
        }
    };
}
