package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.ops.ConvOps;

/**
 * 2-D depthwise convolution of whole images with the channels innermost, for small planes (7x7, 14x14 and the
 * like) with many channels, where {@link DepthwisePhases}' per-plane loops are too short to vectorise well: the
 * input is transposed into one row of C floats per pixel, the weights into one row per tap, and each output
 * pixel is a handful of vector loops of length C (bias plus the taps inside the input, three at a time) into its
 * own output row, then the clamp and activation; each thread's pixel rows are then transposed back to (N, C, OH,
 * OW). Both transposes go eight channels at a time. Every vector loop indexes all its arrays from 0 at the same
 * index, the form HotSpot's SuperWord and ART vectorise. The weights' transpose is kept while the weight array
 * stays the same; the input and output rows are kept per kernel, the tap row lists per thread.
 */
final class DepthwiseChannelsLast {
    /** Used where the input and output planes have at most this many pixels. */
    static final int MAX_PLANE = 196;
    /** ... and there are at least this many channels (the vector loops' length). */
    static final int MIN_CHANNELS = 32;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One thread's tap rows of the two pixels it computes. */
    private static final class Scratch {
        float[][] xs = new float[0][];
        float[][] ws = new float[0][];
        float[][] xs1 = new float[0][];
        float[][] ws1 = new float[0][];
    }

    /** Channels transposed eight at a time. */
    private static final int BLOCK = 8;

    private float[][] xT = new float[0][];
    /** The output, one row of C floats per output pixel. */
    private float[][] yT = new float[0][];
    private float[][] wT = new float[0][];
    private float[] bias = new float[0];
    private float[] lastW;
    private float[] lastBias;
    private boolean hadBias;

    /**
     * Whether this path pays for {@code channels} channels, input planes of {@code inputPixels} and output planes of
     * {@code pixels} pixels: small planes in and out. A 28x28 to 14x14 stride-2 window goes by phases (192 and 240
     * channels, 3x3: 124-169 -> 100-117 us), a 14x14 to 7x7 one channels-last (576 channels: 137 -> 90 us).
     */
    static boolean pays(int channels, int inputPixels, int pixels) {
        return channels >= MIN_CHANNELS && pixels <= MAX_PLANE && inputPixels <= MAX_PLANE;
    }

    /**
     * y (N, C, OH, OW) = finish(bias + depthwise window of x (N, C, H, W) with w (C, 1, KH, KW)), zeros outside
     * the input; {@code in3} is (1, H, W) and {@code g} the window as three spatial dims, the first unit.
     */
    void run(float[] x, float[] w, float[] b, float[] y, int n, int c, int[] in3, ConvOps.Geometry g, Epilogue e,
            IntraOpPool pool) {
        int h = in3[1];
        int wd = in3[2];
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int oh = g.out()[1];
        int ow = g.out()[2];
        prepareWeights(w, b, c, kh * kw);
        if (xT.length < h * wd || xT[0].length < c) {
            xT = new float[Math.max(h * wd, xT.length)][Math.max(c, xT.length == 0 ? 0 : xT[0].length)];
        }
        int pixels = oh * ow;
        if (yT.length < pixels || yT[0].length < c) {
            yT = new float[Math.max(pixels, yT.length)][Math.max(c, yT.length == 0 ? 0 : yT[0].length)];
        }
        int tasks = pool.tasks((long) pixels * c * kh * kw, 16384);
        for (int img = 0; img < n; img++) {
            transposeIn(x, img * c * h * wd, c, h * wd);
            int yBase = img * c * pixels;
            if (tasks == 1) {
                pixels(0, pixels, y, yBase, c, in3, g, e);
                continue;
            }
            pool.run(tasks, t -> {
                int from = (int) ((long) t * pixels / tasks);
                int to = (int) ((long) (t + 1) * pixels / tasks);
                pixels(from, to, y, yBase, c, in3, g, e);
            });
        }
    }

    private void prepareWeights(float[] w, float[] b, int c, int taps) {
        if (w == lastW && b == lastBias && (b != null) == hadBias && wT.length == taps && bias.length == c) {
            return;
        }
        float[][] t = new float[taps][c];
        for (int ch = 0; ch < c; ch++) {
            for (int k = 0; k < taps; k++) {
                t[k][ch] = w[ch * taps + k];
            }
        }
        float[] bs = new float[c];
        if (b != null) {
            System.arraycopy(b, 0, bs, 0, c);
        }
        wT = t;
        bias = bs;
        lastW = w;
        lastBias = b;
        hadBias = b != null;
    }

    /**
     * xT[q][ch] = x[base + ch * size + q], eight channels at a time: eight sequential reads and eight adjacent
     * stores per pixel row, where a channel at a time touches every pixel row (more cache lines than L1 holds at
     * 28x28) once per channel.
     */
    private void transposeIn(float[] x, int base, int c, int size) {
        int ch = 0;
        for (; ch + BLOCK <= c; ch += BLOCK) {
            int s = base + ch * size;
            for (int q = 0; q < size; q++) {
                float[] row = xT[q];
                row[ch] = x[s + q];
                row[ch + 1] = x[s + size + q];
                row[ch + 2] = x[s + 2 * size + q];
                row[ch + 3] = x[s + 3 * size + q];
                row[ch + 4] = x[s + 4 * size + q];
                row[ch + 5] = x[s + 5 * size + q];
                row[ch + 6] = x[s + 6 * size + q];
                row[ch + 7] = x[s + 7 * size + q];
            }
        }
        for (; ch < c; ch++) {
            int src = base + ch * size;
            for (int q = 0; q < size; q++) {
                xT[q][ch] = x[src + q];
            }
        }
    }

    /** y[yBase + ch * pixels + p] = yT[p][ch] for p in [from, to), eight channels at a time (as {@link #transposeIn}). */
    private void transposeOut(int from, int to, float[] y, int yBase, int c, int pixels) {
        int ch = 0;
        for (; ch + BLOCK <= c; ch += BLOCK) {
            int d = yBase + ch * pixels;
            for (int p = from; p < to; p++) {
                float[] row = yT[p];
                y[d + p] = row[ch];
                y[d + pixels + p] = row[ch + 1];
                y[d + 2 * pixels + p] = row[ch + 2];
                y[d + 3 * pixels + p] = row[ch + 3];
                y[d + 4 * pixels + p] = row[ch + 4];
                y[d + 5 * pixels + p] = row[ch + 5];
                y[d + 6 * pixels + p] = row[ch + 6];
                y[d + 7 * pixels + p] = row[ch + 7];
            }
        }
        for (; ch < c; ch++) {
            int d = yBase + ch * pixels;
            for (int p = from; p < to; p++) {
                y[d + p] = yT[p][ch];
            }
        }
    }

    /**
     * Output pixels [from, to) of one image, two at a time where both have the same taps inside the input (all
     * but the pixels beside the borders): their loops share the weight rows' loads ({@link #windowPair}).
     */
    private void pixels(int from, int to, float[] y, int yBase, int c, int[] in3, ConvOps.Geometry g, Epilogue e) {
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int pixels = g.out()[1] * g.out()[2];
        Scratch s = SCRATCH.get();
        if (s.xs.length < kh * kw) {
            s.xs = new float[kh * kw][];
            s.ws = new float[kh * kw][];
            s.xs1 = new float[kh * kw][];
            s.ws1 = new float[kh * kw][];
        }
        int p = from;
        while (p < to) {
            int count = taps(p, in3, g, s.xs, s.ws);
            if (p + 1 < to && taps(p + 1, in3, g, s.xs1, s.ws1) == count && sameRows(s.ws, s.ws1, count)) {
                windowPair(s.xs, s.xs1, s.ws, count, bias, yT[p], yT[p + 1], c);
                e.finish(yT[p], 0, c);
                e.finish(yT[p + 1], 0, c);
                p += 2;
                continue;
            }
            window(s.xs, s.ws, count, bias, yT[p], c);
            e.finish(yT[p], 0, c);
            p++;
        }
        transposeOut(from, to, y, yBase, c, pixels);
    }

    /** The input and weight rows of output pixel p's taps inside the input, in window order; returns their count. */
    private int taps(int p, int[] in3, ConvOps.Geometry g, float[][] xs, float[][] ws) {
        int h = in3[1];
        int wd = in3[2];
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int ow = g.out()[2];
        int r = p / ow;
        int col = p % ow;
        int ih0 = r * g.strides()[1] - g.padBegin()[1];
        int iw0 = col * g.strides()[2] - g.padBegin()[2];
        int count = 0;
        for (int a = 0; a < kh; a++) {
            int ih = ih0 + a;
            if (ih < 0 || ih >= h) {
                continue;
            }
            for (int bb = 0; bb < kw; bb++) {
                int iw = iw0 + bb;
                if (iw >= 0 && iw < wd) {
                    xs[count] = xT[ih * wd + iw];
                    ws[count++] = wT[a * kw + bb];
                }
            }
        }
        return count;
    }

    private static boolean sameRows(float[][] a, float[][] b, int count) {
        for (int t = 0; t < count; t++) {
            if (a[t] != b[t]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #window} for two pixels with the same weight rows: the same sums in the same order per pixel, one loop
     * for both (each weight element loaded once for two multiply-adds).
     */
    private static void windowPair(float[][] xs, float[][] xs1, float[][] ws, int count, float[] bias, float[] acc,
            float[] acc1, int c) {
        if (count == 0) {
            System.arraycopy(bias, 0, acc, 0, c);
            System.arraycopy(bias, 0, acc1, 0, c);
            return;
        }
        int t;
        if (count >= 3) {
            set3Pair(bias, ws[0], xs[0], xs1[0], ws[1], xs[1], xs1[1], ws[2], xs[2], xs1[2], acc, acc1, c);
            t = 3;
        } else {
            set1Pair(bias, ws[0], xs[0], xs1[0], acc, acc1, c);
            t = 1;
        }
        for (; t + 3 <= count; t += 3) {
            add3Pair(ws[t], xs[t], xs1[t], ws[t + 1], xs[t + 1], xs1[t + 1], ws[t + 2], xs[t + 2], xs1[t + 2], acc, acc1, c);
        }
        for (; t < count; t++) {
            add1Pair(ws[t], xs[t], xs1[t], acc, acc1, c);
        }
    }

    /** acc[j] = bias[j] + u[j] * p[j] and acc1[j] = bias[j] + u[j] * p1[j]. */
    private static void set1Pair(float[] bias, float[] u, float[] p, float[] p1, float[] acc, float[] acc1, int len) {
        for (int j = 0; j < len; j++) {
            float b = bias[j];
            float uj = u[j];
            acc[j] = b + uj * p[j];
            acc1[j] = b + uj * p1[j];
        }
    }

    /** {@link #set3} for two pixels: acc from p, q, r and acc1 from p1, q1, r1, weights u, v, z shared. */
    private static void set3Pair(float[] bias, float[] u, float[] p, float[] p1, float[] v, float[] q, float[] q1, float[] z,
            float[] r, float[] r1, float[] acc, float[] acc1, int len) {
        for (int j = 0; j < len; j++) {
            float b = bias[j];
            float uj = u[j];
            float vj = v[j];
            float zj = z[j];
            acc[j] = b + uj * p[j] + vj * q[j] + zj * r[j];
            acc1[j] = b + uj * p1[j] + vj * q1[j] + zj * r1[j];
        }
    }

    /** {@link #add3} for two pixels: acc from p, q, r and acc1 from p1, q1, r1, weights u, v, z shared. */
    private static void add3Pair(float[] u, float[] p, float[] p1, float[] v, float[] q, float[] q1, float[] z, float[] r,
            float[] r1, float[] acc, float[] acc1, int len) {
        for (int j = 0; j < len; j++) {
            float uj = u[j];
            float vj = v[j];
            float zj = z[j];
            acc[j] = acc[j] + uj * p[j] + vj * q[j] + zj * r[j];
            acc1[j] = acc1[j] + uj * p1[j] + vj * q1[j] + zj * r1[j];
        }
    }

    /** acc[j] += u[j] * p[j] and acc1[j] += u[j] * p1[j]. */
    private static void add1Pair(float[] u, float[] p, float[] p1, float[] acc, float[] acc1, int len) {
        for (int j = 0; j < len; j++) {
            float uj = u[j];
            acc[j] += uj * p[j];
            acc1[j] += uj * p1[j];
        }
    }

    /**
     * acc = bias + sum over t &lt; count of ws[t] * xs[t], element-wise over c, taps in order, left to right; three
     * taps a loop (a 3x3 window: three loops over the row).
     */
    private static void window(float[][] xs, float[][] ws, int count, float[] bias, float[] acc, int c) {
        if (count == 0) {
            System.arraycopy(bias, 0, acc, 0, c);
            return;
        }
        int t;
        if (count >= 3) {
            set3(bias, ws[0], xs[0], ws[1], xs[1], ws[2], xs[2], acc, c);
            t = 3;
        } else {
            set1(bias, ws[0], xs[0], acc, c);
            t = 1;
        }
        for (; t + 3 <= count; t += 3) {
            add3(ws[t], xs[t], ws[t + 1], xs[t + 1], ws[t + 2], xs[t + 2], acc, c);
        }
        for (; t < count; t++) {
            add1(ws[t], xs[t], acc, c);
        }
    }

    /** acc[j] = bias[j] + u[j] * p[j]. */
    private static void set1(float[] bias, float[] u, float[] p, float[] acc, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] = bias[j] + u[j] * p[j];
        }
    }

    /** acc[j] = bias[j] + u[j] * p[j] + v[j] * q[j] + z[j] * r[j], summed left to right. */
    private static void set3(float[] bias, float[] u, float[] p, float[] v, float[] q, float[] z, float[] r, float[] acc, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] = bias[j] + u[j] * p[j] + v[j] * q[j] + z[j] * r[j];
        }
    }

    /** acc[j] += u[j] * p[j] + v[j] * q[j] + z[j] * r[j], summed left to right. */
    private static void add3(float[] u, float[] p, float[] v, float[] q, float[] z, float[] r, float[] acc, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + u[j] * p[j] + v[j] * q[j] + z[j] * r[j];
        }
    }

    /** acc[j] += u[j] * p[j]. */
    private static void add1(float[] u, float[] p, float[] acc, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] += u[j] * p[j];
        }
    }
}
