package dev.ondeck.backend.cpu;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.portable.Epilogue;
import dev.ondeck.engine.backend.portable.EpilogueFusion;
import dev.ondeck.engine.backend.portable.IntraOpPool;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ExecContext;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The stem convolution of image CNNs, direct: a square window of 3 to {@link #MAX_WINDOW} taps a side, stride 2,
 * any padding inside the window, few input channels (at most {@link #MAX_CHANNELS}), group 1, constant weights,
 * static shapes (MobileNet's and EfficientNet's 3x3 pads 1, SqueezeNet's 3x3 pads 0, ResNet's 7x7 pads 3). The
 * input is first split, per channel and zero-padded row, into its even and odd columns, so that each tap of the
 * window is a contiguous vector load along the output row; a block of 8 output channels by 3 (or, at the end of a
 * row, 2) vectors of output columns then keeps its sums in registers over the k * k * C taps and goes through the
 * epilogue (bias, clamp, SiLU or HardSwish: what the im2col GEMM would absorb, {@link EpilogueFusion}) into the
 * output once. Rows are split over the intra-op pool.
 */
final class VectorStemConv implements FusingKernel {
    /** Input channels up to this take the direct path (RGB, RGBA). */
    static final int MAX_CHANNELS = 4;
    /** Windows up to this many taps a side take the direct path. */
    static final int MAX_WINDOW = 7;
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Output channels per block. */
    private static final int CB = 8;
    private static final int SILU = Epilogue.Activation.SILU.ordinal();
    private static final int HARD_SWISH = Epilogue.Activation.HARD_SWISH.ordinal();
    /** Per thread, the sums of one block: 8 channels by 3 vectors. */
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[3 * CB * L]);
    private final ConvOps.Conv conv;
    private final IntraOpPool pool;
    private final Epilogue epilogue;
    private final int n;
    private final int c;
    private final int h;
    private final int w;
    private final int m;
    private final int k;
    /** Padding before, along height and width. */
    private final int padTop;
    private final int padLeft;
    private final int ho;
    private final int wo;
    /** Length of one even- or odd-column row of the split input. */
    private final int half;
    /** Rows of the split input per channel: padded input rows 0 .. 2 * (ho - 1) + k - 1. */
    private final int rows;
    /** Weights per block of CB output channels: [block][ci * k * k + tap][CB], zero past m. */
    private final float[] packed;
    /** Per tap (ci, ky, kx), where it reads in the split input relative to output row 0, column 0. */
    private final int[] taps;
    /** Column blocks of an output row: first column and vectors (2 or 3) of each. */
    private final int[] blockColumn;
    private final int[] blockVectors;
    private final float[] split;
    private final IntraOpPool.Task splitRows = this::splitRows;
    private final IntraOpPool.Task outputRows = this::outputRows;
    private float[] x;
    private float[] bias;
    private float[] y;
    private int image;
    private int tasks;

    private VectorStemConv(ConvOps.Conv conv, IntraOpPool pool, Epilogue epilogue, int[] xs, int m, int k, int padTop,
            int padLeft, int ho, int wo, float[] packed) {
        this.conv = conv;
        this.pool = pool;
        this.epilogue = epilogue;
        this.n = xs[0];
        this.c = xs[1];
        this.h = xs[2];
        this.w = xs[3];
        this.m = m;
        this.k = k;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.ho = ho;
        this.wo = wo;
        this.packed = packed;
        int vectors = (wo + L - 1) / L;
        this.half = (vectors + 2) * L + k / 2;
        this.rows = 2 * (ho - 1) + k;
        this.split = new float[c * rows * 2 * half];
        this.taps = new int[c * k * k];
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    taps[(ci * k + ky) * k + kx] = ((ci * rows + ky) * 2 + (kx & 1)) * half + (kx >> 1);
                }
            }
        }
        int threes = vectors % 3 == 1 && vectors > 1 ? vectors / 3 - 1 : vectors / 3;
        int twos = (vectors - 3 * threes + 1) / 2;
        this.blockColumn = new int[threes + twos];
        this.blockVectors = new int[threes + twos];
        for (int b = 0, col = 0; b < blockColumn.length; b++) {
            blockColumn[b] = col;
            blockVectors[b] = b < threes ? 3 : 2;
            col += blockVectors[b] * L;
        }
    }

    /** The kernel for {@code conv} when it is such a stem convolution, else null. */
    static Kernel of(ConvOps.Conv conv, TensorType[] in, Tensor[] constants, IntraOpPool pool) {
        if (in.length < 2 || in[0] == null || !in[0].isStatic() || in[0].rank() != 4 || in[0].dtype() != DType.FLOAT
                || constants[1] == null || constants[1].rank() != 4 || constants[1].dtype() != DType.FLOAT
                || conv.group() != 1 || in.length > 2 && in[2] != null && in[2].dtype() != DType.FLOAT) {
            return null;
        }
        int[] xs = in[0].shape();
        int[] ws = constants[1].shape();
        int k = ws[2];
        if (xs[1] > MAX_CHANNELS || ws[1] != xs[1] || k < 3 || k > MAX_WINDOW || ws[3] != k || xs[0] < 1) {
            return null;
        }
        ConvOps.Geometry g = conv.geometry3d(xs, ws, new int[3]);
        for (int d = 1; d < 3; d++) {
            if (g.strides()[d] != 2 || g.dilations()[d] != 1 || g.padBegin()[d] < 0 || g.padBegin()[d] >= k) {
                return null;
            }
        }
        int ho = g.out()[1];
        int wo = g.out()[2];
        if (ho < 1 || wo < 1) {
            return null;
        }
        return new VectorStemConv(conv, pool, Epilogue.NONE, xs, ws[0], k, g.padBegin()[1], g.padBegin()[2], ho, wo,
                pack(constants[1].floats(), ws[0], xs[1] * k * k));
    }

    private static float[] pack(float[] wt, int m, int taps) {
        int blocks = (m + CB - 1) / CB;
        float[] p = new float[blocks * taps * CB];
        for (int co = 0; co < m; co++) {
            for (int t = 0; t < taps; t++) {
                p[(co / CB * taps + t) * CB + co % CB] = wt[co * taps + t];
            }
        }
        return p;
    }

    @Override
    public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
        Epilogue e = EpilogueFusion.absorb(epilogue, next, constants);
        return e == null ? null : with(e);
    }

    @Override
    public Kernel absorbGated(Node gate, Node product, TensorType[] productTypes) {
        Epilogue e = EpilogueFusion.absorbGated(epilogue, gate, product, productTypes);
        return e == null ? null : with(e);
    }

    private Kernel with(Epilogue e) {
        return new VectorStemConv(conv, pool, e, new int[] {n, c, h, w}, m, k, padTop, padLeft, ho, wo, packed);
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        x = in[0].floats();
        bias = in.length > 2 && in[2] != null ? in[2].floats() : null;
        y = out[0].floats();
        tasks = Math.max(1, Math.min(pool.threads() * 4, ho));
        for (image = 0; image < n; image++) {
            pool.run(Math.min(tasks, c * rows), splitRows);
            pool.run(tasks, outputRows);
        }
        x = null;
        bias = null;
        y = null;
    }

    /**
     * Split rows of task {@code t}: for channel ci and padded row r (input row r - padTop), padded column u (input
     * column u - padLeft) goes to the even row at u / 2 when u is even, else to the odd row.
     */
    private void splitRows(int t) {
        int all = c * rows;
        int share = Math.min(tasks, all);
        for (int r = IntraOpPool.bound(t, share, all, 1); r < IntraOpPool.bound(t + 1, share, all, 1); r++) {
            int ci = r / rows;
            int iy = r % rows - padTop;
            int even = r * 2 * half;
            Arrays.fill(split, even, even + 2 * half, 0f);
            if (iy < 0 || iy >= h) {
                continue;
            }
            int src = ((image * c + ci) * h + iy) * w;
            for (int phase = 0; phase < 2; phase++) {
                int first = Math.max(0, (padLeft - phase + 1) / 2); // first j with 2j + phase - padLeft >= 0
                int end = Math.min(half, (w + padLeft - phase + 1) / 2); // past the last j with 2j + phase - padLeft < w
                int to = even + phase * half;
                int from = src + phase - padLeft;
                for (int j = first; j < end; j++) {
                    split[to + j] = x[from + 2 * j];
                }
            }
        }
    }

    /** Output rows of task {@code t}, every channel block and column block. */
    private void outputRows(int t) {
        for (int oy = IntraOpPool.bound(t, tasks, ho, 1); oy < IntraOpPool.bound(t + 1, tasks, ho, 1); oy++) {
            for (int cb = 0; cb < m; cb += CB) {
                for (int b = 0; b < blockColumn.length; b++) {
                    if (blockVectors[b] == 3) {
                        block3(oy, cb, blockColumn[b]);
                    } else {
                        block2(oy, cb, blockColumn[b]);
                    }
                }
            }
        }
    }

    /** Output channels cb .. cb + CB, row oy, columns ox .. ox + 3L. */
    private void block3(int oy, int cb, int ox) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
        float[] p = packed;
        float[] s = split;
        int[] tp = taps;
        int base = 4 * oy * half + ox;
        int wi = cb / CB * tp.length * CB;
        for (int t = 0; t < tp.length; t++, wi += CB) {
            int at = base + tp[t];
            FloatVector x0 = FloatVector.fromArray(S, s, at);
            FloatVector x1 = FloatVector.fromArray(S, s, at + L);
            FloatVector x2 = FloatVector.fromArray(S, s, at + 2 * L);
            FloatVector q = FloatVector.broadcast(S, p[wi]);
            a0 = q.fma(x0, a0);
            b0 = q.fma(x1, b0);
            c0 = q.fma(x2, c0);
            q = FloatVector.broadcast(S, p[wi + 1]);
            a1 = q.fma(x0, a1);
            b1 = q.fma(x1, b1);
            c1 = q.fma(x2, c1);
            q = FloatVector.broadcast(S, p[wi + 2]);
            a2 = q.fma(x0, a2);
            b2 = q.fma(x1, b2);
            c2 = q.fma(x2, c2);
            q = FloatVector.broadcast(S, p[wi + 3]);
            a3 = q.fma(x0, a3);
            b3 = q.fma(x1, b3);
            c3 = q.fma(x2, c3);
            q = FloatVector.broadcast(S, p[wi + 4]);
            a4 = q.fma(x0, a4);
            b4 = q.fma(x1, b4);
            c4 = q.fma(x2, c4);
            q = FloatVector.broadcast(S, p[wi + 5]);
            a5 = q.fma(x0, a5);
            b5 = q.fma(x1, b5);
            c5 = q.fma(x2, c5);
            q = FloatVector.broadcast(S, p[wi + 6]);
            a6 = q.fma(x0, a6);
            b6 = q.fma(x1, b6);
            c6 = q.fma(x2, c6);
            q = FloatVector.broadcast(S, p[wi + 7]);
            a7 = q.fma(x0, a7);
            b7 = q.fma(x1, b7);
            c7 = q.fma(x2, c7);
        }
        float[] acc = ACC.get();
        a0.intoArray(acc, 0 * L);
        b0.intoArray(acc, 1 * L);
        c0.intoArray(acc, 2 * L);
        a1.intoArray(acc, 3 * L);
        b1.intoArray(acc, 4 * L);
        c1.intoArray(acc, 5 * L);
        a2.intoArray(acc, 6 * L);
        b2.intoArray(acc, 7 * L);
        c2.intoArray(acc, 8 * L);
        a3.intoArray(acc, 9 * L);
        b3.intoArray(acc, 10 * L);
        c3.intoArray(acc, 11 * L);
        a4.intoArray(acc, 12 * L);
        b4.intoArray(acc, 13 * L);
        c4.intoArray(acc, 14 * L);
        a5.intoArray(acc, 15 * L);
        b5.intoArray(acc, 16 * L);
        c5.intoArray(acc, 17 * L);
        a6.intoArray(acc, 18 * L);
        b6.intoArray(acc, 19 * L);
        c6.intoArray(acc, 20 * L);
        a7.intoArray(acc, 21 * L);
        b7.intoArray(acc, 22 * L);
        c7.intoArray(acc, 23 * L);
        finish(acc, cb, oy, ox, 3);
    }

    /** Output channels cb .. cb + CB, row oy, columns ox .. ox + 2L. */
    private void block2(int oy, int cb, int ox) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        float[] p = packed;
        float[] s = split;
        int[] tp = taps;
        int base = 4 * oy * half + ox;
        int wi = cb / CB * tp.length * CB;
        for (int t = 0; t < tp.length; t++, wi += CB) {
            int at = base + tp[t];
            FloatVector x0 = FloatVector.fromArray(S, s, at);
            FloatVector x1 = FloatVector.fromArray(S, s, at + L);
            FloatVector q = FloatVector.broadcast(S, p[wi]);
            a0 = q.fma(x0, a0);
            b0 = q.fma(x1, b0);
            q = FloatVector.broadcast(S, p[wi + 1]);
            a1 = q.fma(x0, a1);
            b1 = q.fma(x1, b1);
            q = FloatVector.broadcast(S, p[wi + 2]);
            a2 = q.fma(x0, a2);
            b2 = q.fma(x1, b2);
            q = FloatVector.broadcast(S, p[wi + 3]);
            a3 = q.fma(x0, a3);
            b3 = q.fma(x1, b3);
            q = FloatVector.broadcast(S, p[wi + 4]);
            a4 = q.fma(x0, a4);
            b4 = q.fma(x1, b4);
            q = FloatVector.broadcast(S, p[wi + 5]);
            a5 = q.fma(x0, a5);
            b5 = q.fma(x1, b5);
            q = FloatVector.broadcast(S, p[wi + 6]);
            a6 = q.fma(x0, a6);
            b6 = q.fma(x1, b6);
            q = FloatVector.broadcast(S, p[wi + 7]);
            a7 = q.fma(x0, a7);
            b7 = q.fma(x1, b7);
        }
        float[] acc = ACC.get();
        a0.intoArray(acc, 0 * L);
        b0.intoArray(acc, 1 * L);
        a1.intoArray(acc, 3 * L);
        b1.intoArray(acc, 4 * L);
        a2.intoArray(acc, 6 * L);
        b2.intoArray(acc, 7 * L);
        a3.intoArray(acc, 9 * L);
        b3.intoArray(acc, 10 * L);
        a4.intoArray(acc, 12 * L);
        b4.intoArray(acc, 13 * L);
        a5.intoArray(acc, 15 * L);
        b5.intoArray(acc, 16 * L);
        a6.intoArray(acc, 18 * L);
        b6.intoArray(acc, 19 * L);
        a7.intoArray(acc, 21 * L);
        b7.intoArray(acc, 22 * L);
        finish(acc, cb, oy, ox, 2);
    }

    /**
     * The sums of a block, acc[(j * 3 + v) * L ..] for channel cb + j and vector v of columns ox .., through the
     * epilogue into the output (whole vectors, or masked at the end of the row). The sums go through an array
     * rather than as arguments: a FloatVector passed to a method not inlined is an object on the heap.
     */
    private void finish(float[] acc, int cb, int oy, int ox, int vectors) {
        int cols = wo - ox;
        int chans = Math.min(CB, m - cb);
        for (int j = 0; j < chans; j++) {
            float b = bias == null ? 0f : bias[cb + j];
            int off = ((image * m + cb + j) * ho + oy) * wo + ox;
            for (int v = 0; v < vectors && v * L < cols; v++) {
                one(acc, (3 * j + v) * L, b, off + v * L, cols - v * L);
            }
        }
    }

    private void one(float[] acc, int at, float b, int off, int cols) {
        FloatVector v = FloatVector.fromArray(S, acc, at).add(b);
        Epilogue e = epilogue;
        if (e.clamps()) {
            v = v.max(e.lo()).min(e.hi());
        }
        int act = e.activation().ordinal();
        if (act == SILU) {
            v = VectorActivation.silu(v);
        } else if (act == HARD_SWISH) {
            v = VectorActivation.hardSwish(v);
        }
        if (cols >= L) {
            v.intoArray(y, off);
        } else {
            VectorMask<Float> mask = S.indexInRange(0, cols);
            v.intoArray(y, off, mask);
        }
    }
}
