package dev.ondeck.engine.backend.portable;

/**
 * The elementwise float loops of the fast backends, over {@code n} elements from the given offsets. The
 * portable implementation is plain loops ({@link #PORTABLE}); {@code cpu} overrides them with Vector API code.
 */
public interface FloatLoops {
    /** Binary arithmetic kinds. */
    enum Binary { ADD, SUB, MUL, DIV, MAX }

    /** Unary functions. */
    enum Unary { RELU, SIGMOID, TANH, EXP, SQRT, SQUARE, SILU }

    /** y = a op b, elementwise. */
    void binary(Binary op, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n);

    /** y = a op s ({@code scalarFirst}: y = s op a). */
    void binaryScalar(Binary op, float[] a, int aOff, float s, boolean scalarFirst, float[] y, int yOff, int n);

    /** y = f(x). */
    void unary(Unary f, float[] x, int xOff, float[] y, int yOff, int n);

    /** y += s * x. */
    void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n);

    /** A row of a 1-D correlation: y[j] += sum over b < count of w[wOff + b] * x[xOff + j + b * step], j < n. */
    void taps(float[] w, int wOff, int count, int step, float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * A 2-D stencil over a flattened plane: y[j] += sum over t < count of w[wOff + t] * x[xOff + shifts[t] + j],
     * j < n (the taps of a convolution window, each a constant shift).
     */
    void stencil(float[] w, int wOff, int[] shifts, int count, float[] x, int xOff, float[] y, int yOff, int n);

    /** A strided gather: y[yOff + j] = x[xOff + j * stride], j < n. */
    default void strided(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] = x[xOff + j * stride];
        }
    }

    /** y = min(max(x, lo), hi). */
    void clamp(float lo, float hi, float[] x, int xOff, float[] y, int yOff, int n);

    /** The sum (or, with {@code max}, the maximum) of x[xOff, xOff + n); n > 0. */
    float reduce(boolean max, float[] x, int xOff, int n);

    /** The sum of x[xOff, xOff + n), in four interleaved partial sums (no chain of n dependent adds). */
    default float sum(float[] x, int xOff, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[xOff + i];
            s1 += x[xOff + i + 1];
            s2 += x[xOff + i + 2];
            s3 += x[xOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[xOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The sum of (x[i] - shift)^2 over x[xOff, xOff + n), in four interleaved partial sums. */
    default float sumOfSquares(float[] x, int xOff, float shift, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            float d0 = x[xOff + i] - shift;
            float d1 = x[xOff + i + 1] - shift;
            float d2 = x[xOff + i + 2] - shift;
            float d3 = x[xOff + i + 3] - shift;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = x[xOff + i] - shift;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * y = (x - mean) * inv * scale + shift over n elements ({@code shift} may be null: none), scale and shift read
     * from index 0: one normalised row. The default copies the row to a zero-based {@link RowScratch} row, normalises
     * it there in a loop that indexes every array at i (which SuperWord vectorises: 128 rows of 256, about 3x
     * faster than the same loop at offsets), and copies it to y.
     */
    default void normalize(float[] x, int xOff, float mean, float inv, float[] scale, float[] shift, float[] y, int yOff, int n) {
        float[] t = RowScratch.row(n);
        System.arraycopy(x, xOff, t, 0, n);
        if (shift == null) {
            for (int i = 0; i < n; i++) {
                t[i] = (t[i] - mean) * inv * scale[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                t[i] = (t[i] - mean) * inv * scale[i] + shift[i];
            }
        }
        System.arraycopy(t, 0, y, yOff, n);
    }

    /**
     * One softmax row: y = exp(x - max(x)) / sum, over x[xOff, xOff + n) (n > 0); y may be x. The row is first
     * copied to y, then three passes over y alone (max; {@link FloatExp#expNonPositive} of x - max; scale by the
     * reciprocal of the {@link #sum}): loops that read and write one array at one index, which SuperWord
     * vectorises (a load from x and a store to y at other offsets, arrays that might be one, stay scalar).
     */
    default void softmax(float[] x, int xOff, float[] y, int yOff, int n) {
        if (x != y || xOff != yOff) {
            System.arraycopy(x, xOff, y, yOff, n);
        }
        float max = rowMax(y, yOff, n);
        for (int i = yOff; i < yOff + n; i++) {
            y[i] = FloatExp.expNonPositive(y[i] - max);
        }
        float inv = 1f / sum(y, yOff, n);
        for (int i = yOff; i < yOff + n; i++) {
            y[i] *= inv;
        }
    }

    /**
     * Softmax of {@code rows} consecutive rows of n elements from x[xOff] into y[yOff] (n > 0); y may be x at the
     * same offset. The default runs {@link #softmax} row by row.
     */
    default void softmaxRows(float[] x, int xOff, float[] y, int yOff, int n, int rows) {
        for (int r = 0; r < rows; r++) {
            softmax(x, xOff + r * n, y, yOff + r * n, n);
        }
    }

    /**
     * The largest of x[xOff, xOff + n) (n > 0) for {@link #softmax}, in four partial maxima taken by comparison
     * (a NaN is skipped here, and the row's exp then turns NaN anyway).
     */
    private static float rowMax(float[] x, int xOff, int n) {
        float r0 = Float.NEGATIVE_INFINITY;
        float r1 = r0;
        float r2 = r0;
        float r3 = r0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            float a = x[xOff + i];
            float b = x[xOff + i + 1];
            float c = x[xOff + i + 2];
            float d = x[xOff + i + 3];
            r0 = a > r0 ? a : r0;
            r1 = b > r1 ? b : r1;
            r2 = c > r2 ? c : r2;
            r3 = d > r3 ? d : r3;
        }
        for (; i < n; i++) {
            float a = x[xOff + i];
            r0 = a > r0 ? a : r0;
        }
        r0 = r1 > r0 ? r1 : r0;
        r2 = r3 > r2 ? r3 : r2;
        return r2 > r0 ? r2 : r0;
    }

    /** Plain Java loops. */
    FloatLoops PORTABLE = new FloatLoops() {
        /**
         * The rows' passes over the whole block where they are elementwise: per row the maximum and y = x - max,
         * then {@link FloatExp#expNonPositive} in one loop over all the rows, then per row the sum and the scaling.
         * Short rows (an attention score row of 128) leave most of a per-row exp loop to SuperWord's scalar pre- and
         * post-loops; over the block it runs vectorised. The same float operations in the same order as
         * {@link #softmax}, so the same results.
         */
        @Override
        public void softmaxRows(float[] x, int xOff, float[] y, int yOff, int n, int rows) {
            float[] src = x;
            if (xOff != yOff) {
                System.arraycopy(x, xOff, y, yOff, n * rows);
                src = y;
            }
            for (int r = 0; r < rows; r++) {
                int o = yOff + r * n;
                float max = rowMax(src, o, n);
                for (int i = o; i < o + n; i++) {
                    y[i] = src[i] - max;
                }
            }
            for (int i = yOff; i < yOff + n * rows; i++) {
                y[i] = FloatExp.expNonPositive(y[i]);
            }
            for (int r = 0; r < rows; r++) {
                int o = yOff + r * n;
                float inv = 1f / sum(y, o, n);
                for (int i = o; i < o + n; i++) {
                    y[i] *= inv;
                }
            }
        }

        @Override
        public void binary(Binary op, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n) {
            if (aOff == yOff && bOff == yOff) {
                binaryAt(op, a, b, y, yOff, yOff + n);
                return;
            }
            switch (op) {
                case ADD:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = a[aOff + i] + b[bOff + i];
                    }
                    break;
                case SUB:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = a[aOff + i] - b[bOff + i];
                    }
                    break;
                case MUL:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = a[aOff + i] * b[bOff + i];
                    }
                    break;
                case DIV:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = a[aOff + i] / b[bOff + i];
                    }
                    break;
                default:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = Math.max(a[aOff + i], b[bOff + i]);
                    }
            }
        }

        /**
         * {@link #binary} where all three arrays are read and written at one index i in [from, to): the form
         * SuperWord vectorises (the same loop with three offsets, even equal ones, stays scalar: about 5x slower).
         */
        private void binaryAt(Binary op, float[] a, float[] b, float[] y, int from, int to) {
            switch (op) {
                case ADD:
                    for (int i = from; i < to; i++) {
                        y[i] = a[i] + b[i];
                    }
                    break;
                case SUB:
                    for (int i = from; i < to; i++) {
                        y[i] = a[i] - b[i];
                    }
                    break;
                case MUL:
                    for (int i = from; i < to; i++) {
                        y[i] = a[i] * b[i];
                    }
                    break;
                case DIV:
                    for (int i = from; i < to; i++) {
                        y[i] = a[i] / b[i];
                    }
                    break;
                default:
                    for (int i = from; i < to; i++) {
                        y[i] = Math.max(a[i], b[i]);
                    }
            }
        }

        /** {@link #binaryScalar} at one index i in [from, to) for a and y, one loop per kind (as {@link #binaryAt}). */
        private void binaryScalarAt(Binary op, float[] a, float s, boolean scalarFirst, float[] y, int from, int to) {
            switch (op) {
                case ADD:
                    for (int i = from; i < to; i++) {
                        y[i] = a[i] + s;
                    }
                    break;
                case MUL:
                    for (int i = from; i < to; i++) {
                        y[i] = a[i] * s;
                    }
                    break;
                case SUB:
                    if (scalarFirst) {
                        for (int i = from; i < to; i++) {
                            y[i] = s - a[i];
                        }
                    } else {
                        for (int i = from; i < to; i++) {
                            y[i] = a[i] - s;
                        }
                    }
                    break;
                case DIV:
                    if (scalarFirst) {
                        for (int i = from; i < to; i++) {
                            y[i] = s / a[i];
                        }
                    } else {
                        for (int i = from; i < to; i++) {
                            y[i] = a[i] / s;
                        }
                    }
                    break;
                default:
                    if (scalarFirst) {
                        for (int i = from; i < to; i++) {
                            y[i] = Math.max(s, a[i]);
                        }
                    } else {
                        for (int i = from; i < to; i++) {
                            y[i] = Math.max(a[i], s);
                        }
                    }
            }
        }

        @Override
        public void binaryScalar(Binary op, float[] a, int aOff, float s, boolean scalarFirst, float[] y, int yOff, int n) {
            if (aOff == yOff) {
                binaryScalarAt(op, a, s, scalarFirst, y, yOff, yOff + n);
                return;
            }
            for (int i = 0; i < n; i++) {
                float v = a[aOff + i];
                float l = scalarFirst ? s : v;
                float r = scalarFirst ? v : s;
                y[yOff + i] = op == Binary.ADD ? l + r : op == Binary.SUB ? l - r : op == Binary.MUL ? l * r
                        : op == Binary.DIV ? l / r : Math.max(l, r);
            }
        }

        @Override
        public void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n) {
            for (int i = 0; i < n; i++) {
                y[yOff + i] += s * x[xOff + i];
            }
        }

        @Override
        public void taps(float[] w, int wOff, int count, int step, float[] x, int xOff, float[] y, int yOff, int n) {
            for (int b = 0; b < count; b++) {
                axpy(w[wOff + b], x, xOff + b * step, y, yOff, n);
            }
        }

        /**
         * Four independent partial results (interleaved by element), so that the adds do not wait on each other; sums
         * of long runs (from {@link FoldedSum#MIN_LENGTH}) in {@link FoldedSum}'s vectorised double lanes.
         */
        @Override
        public float reduce(boolean max, float[] x, int xOff, int n) {
            if (!max) {
                return n >= FoldedSum.MIN_LENGTH ? FoldedSum.sum(x, xOff, n) : sum(x, xOff, n);
            }
            float r0 = Float.NEGATIVE_INFINITY;
            float r1 = r0;
            float r2 = r0;
            float r3 = r0;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                r0 = Math.max(r0, x[xOff + i]);
                r1 = Math.max(r1, x[xOff + i + 1]);
                r2 = Math.max(r2, x[xOff + i + 2]);
                r3 = Math.max(r3, x[xOff + i + 3]);
            }
            for (; i < n; i++) {
                r0 = Math.max(r0, x[xOff + i]);
            }
            return Math.max(Math.max(r0, r1), Math.max(r2, r3));
        }

        @Override
        public void clamp(float lo, float hi, float[] x, int xOff, float[] y, int yOff, int n) {
            if (xOff == yOff) {
                for (int i = yOff; i < yOff + n; i++) {
                    y[i] = Math.min(Math.max(x[i], lo), hi);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                y[yOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
            }
        }

        @Override
        public void stencil(float[] w, int wOff, int[] shifts, int count, float[] x, int xOff, float[] y, int yOff, int n) {
            for (int j0 = 0; j0 < n; j0 += 512) {
                int len = Math.min(512, n - j0);
                for (int t = 0; t < count; t++) {
                    axpy(w[wOff + t], x, xOff + shifts[t] + j0, y, yOff + j0, len);
                }
            }
        }

        @Override
        public void unary(Unary f, float[] x, int xOff, float[] y, int yOff, int n) {
            if (xOff == yOff && (f == Unary.RELU || f == Unary.SQUARE)) {
                if (f == Unary.RELU) {
                    for (int i = yOff; i < yOff + n; i++) {
                        y[i] = Math.max(x[i], 0f);
                    }
                } else {
                    for (int i = yOff; i < yOff + n; i++) {
                        y[i] = x[i] * x[i];
                    }
                }
                return;
            }
            switch (f) {
                case RELU:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = Math.max(x[xOff + i], 0f);
                    }
                    break;
                case SIGMOID:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = (float) (1 / (1 + Math.exp(-x[xOff + i])));
                    }
                    break;
                case SILU:
                    for (int i = 0; i < n; i++) {
                        float v = x[xOff + i];
                        y[yOff + i] = (float) (v / (1 + Math.exp(-v)));
                    }
                    break;
                case TANH:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = (float) Math.tanh(x[xOff + i]);
                    }
                    break;
                case EXP:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = (float) Math.exp(x[xOff + i]);
                    }
                    break;
                case SQRT:
                    for (int i = 0; i < n; i++) {
                        y[yOff + i] = (float) Math.sqrt(x[xOff + i]);
                    }
                    break;
                default:
                    for (int i = 0; i < n; i++) {
                        float v = x[xOff + i];
                        y[yOff + i] = v * v;
                    }
            }
        }
    };
}
