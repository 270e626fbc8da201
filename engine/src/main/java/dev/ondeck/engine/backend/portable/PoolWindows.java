package dev.ondeck.engine.backend.portable;

/**
 * One backend's loop for 2-D max or average pooling over a padded plane ({@link Pool2dPlane} lays the input out
 * with the padding, and the columns past it, holding the reduction's neutral value: -inf for max, 0 for average),
 * so that no window needs bounds checks: y[i, j] = reduce over a < kh, b < kw of p[(i * sh + a * dh) * pitch +
 * j * sw + b * dw], times {@code inverseCounts[i * ow + j]} for average.
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

    /** Neutral elements this loop may read past the last window's column in each row (vector loads over the edge). */
    int slack();

    /**
     * Pools the padded plane {@code p} (rows of {@code pitch} floats) into y[yOff ..] (OH, OW).
     *
     * @param inverseCounts 1 / the window's count per output element, for average; null for max
     */
    void pool(boolean max, float[] p, int pitch, Shape s, float[] inverseCounts, float[] y, int yOff);

    /**
     * Plain loops: per output row, the window rows reduced in one contiguous loop, then the window columns,
     * {@code sw} apart, in a loop per tap.
     */
    PoolWindows PORTABLE = new PoolWindows() {
        private final ThreadLocal<float[][]> row = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

        @Override
        public int slack() {
            return 0;
        }

        @Override
        public void pool(boolean max, float[] p, int pitch, Shape s, float[] inverseCounts, float[] y, int yOff) {
            int span = (s.ow - 1) * s.sw + (s.kw - 1) * s.dw + 1;
            float[][] holder = row.get();
            if (holder[0].length < span) {
                holder[0] = new float[span];
            }
            float[] v = holder[0]; // (span): the window rows of one output row, reduced
            for (int i = 0; i < s.oh; i++) {
                int r0 = i * s.sh * pitch;
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
                columns(max, v, s, y, yOff + i * s.ow);
                if (!max) {
                    for (int j = 0; j < s.ow; j++) {
                        y[yOff + i * s.ow + j] *= inverseCounts[i * s.ow + j];
                    }
                }
            }
        }

        private void columns(boolean max, float[] v, Shape s, float[] y, int yRow) {
            int sw = s.sw;
            if (sw == 1) {
                System.arraycopy(v, 0, y, yRow, s.ow);
            } else {
                for (int j = 0; j < s.ow; j++) {
                    y[yRow + j] = v[j * sw];
                }
            }
            for (int b = 1; b < s.kw; b++) {
                int off = b * s.dw;
                if (max) {
                    for (int j = 0; j < s.ow; j++) {
                        y[yRow + j] = Math.max(y[yRow + j], v[off + j * sw]);
                    }
                } else {
                    for (int j = 0; j < s.ow; j++) {
                        y[yRow + j] += v[off + j * sw];
                    }
                }
            }
        }
    };
}
