package dev.ondeck.engine.backend.portable;

/**
 * {@link PortableSgemm}'s row loops for rows shorter than {@link PortableSgemm#LONG_ROW}: the same arithmetic
 * in the same order, copied on purpose. HotSpot's C2 keeps one loop profile per method and unrolls a loop only
 * as far as its profiled trip count; were short rows (winograd tiles, 7x7 planes) and long ones to share one
 * method, the long ones would be compiled for the average and lose a third of their speed.
 */
final class ShortRowKernels {
    private ShortRowKernels() {
    }

    /**
     * Two accumulator rows over one depth block: {@code r0 += sum over p < depth of s0[o0 + p] * x[p]}, and r1
     * likewise with s1 from o1, p in increasing order (each step a separate {@code c + s * v}, so any split of a
     * product sums like the whole). Four depths per pass ({@link #rows2x4}), then one at a time.
     */
    static void rowPair(float[][] x, int depth, float[] r0, float[] r1, float[] s0, int o0, float[] s1, int o1, int len) {
        int p = 0;
        for (; p + 4 <= depth; p += 4) {
            int q = o0 + p;
            int u = o1 + p;
            rows2x4(x[p], x[p + 1], x[p + 2], x[p + 3], r0, r1, s0[q], s0[q + 1], s0[q + 2], s0[q + 3], s1[u], s1[u + 1],
                    s1[u + 2], s1[u + 3], len);
        }
        for (; p < depth; p++) {
            rows2(x[p], r0, r1, s0[o0 + p], s1[o1 + p], len);
        }
    }

    /** {@link #rowPair} for a single accumulator row, summing in the same order. */
    static void oneRow(float[][] x, int depth, float[] r, float[] s, int o, int len) {
        int p = 0;
        for (; p + 4 <= depth; p += 4) {
            int q = o + p;
            row1x4(x[p], x[p + 1], x[p + 2], x[p + 3], r, s[q], s[q + 1], s[q + 2], s[q + 3], len);
        }
        for (; p < depth; p++) {
            row1(x[p], r, s[o + p], len);
        }
    }

    /**
     * The micro-kernel: r0[j] += a0 * x0[j], then a1 * x1[j], a2 * x2[j], a3 * x3[j], and r1 likewise with b0..b3,
     * j &lt; len. Each x load feeds two products and each accumulator is loaded and stored once per four depths;
     * every array is indexed by the same j. This is about the largest body C2 (JDK 25, default flags) still
     * unrolls sixteen times, to full 512-bit vectors: four rows by four depths, or two by eight, stay scalar.
     */
    static void rows2x4(float[] x0, float[] x1, float[] x2, float[] x3, float[] r0, float[] r1, float a0, float a1,
            float a2, float a3, float b0, float b1, float b2, float b3, int len) {
        for (int j = 0; j < len; j++) {
            float v0 = x0[j];
            float v1 = x1[j];
            float v2 = x2[j];
            float v3 = x3[j];
            float c0 = r0[j];
            float c1 = r1[j];
            c0 += a0 * v0;
            c1 += b0 * v0;
            c0 += a1 * v1;
            c1 += b1 * v1;
            c0 += a2 * v2;
            c1 += b2 * v2;
            c0 += a3 * v3;
            c1 += b3 * v3;
            r0[j] = c0;
            r1[j] = c1;
        }
    }

    /** {@link #rows2x4} for one accumulator row. */
    static void row1x4(float[] x0, float[] x1, float[] x2, float[] x3, float[] r, float a0, float a1, float a2,
            float a3, int len) {
        for (int j = 0; j < len; j++) {
            float c = r[j];
            c += a0 * x0[j];
            c += a1 * x1[j];
            c += a2 * x2[j];
            c += a3 * x3[j];
            r[j] = c;
        }
    }

    /** r0[j] += s0 * x[j] and r1[j] += s1 * x[j], j &lt; len. */
    static void rows2(float[] x, float[] r0, float[] r1, float s0, float s1, int len) {
        for (int j = 0; j < len; j++) {
            float v = x[j];
            r0[j] += s0 * v;
            r1[j] += s1 * v;
        }
    }

    /** r[j] += s * x[j], j &lt; len. */
    static void row1(float[] x, float[] r, float s, int len) {
        for (int j = 0; j < len; j++) {
            r[j] += s * x[j];
        }
    }
}
