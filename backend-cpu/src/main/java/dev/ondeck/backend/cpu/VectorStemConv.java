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
 * The stem convolution of image CNNs, direct: 3x3 window, stride 2, pads 1 before, few input channels (at most
 * {@link #MAX_CHANNELS}), group 1, constant weights, static shapes. The input is first split, per channel and
 * zero-padded row, into its even and odd columns, so that each tap of the window is a contiguous vector load
 * along the output row; a block of 8 output channels by 2 vectors of output columns then keeps its 16 sums in
 * registers over the 9 * C taps and goes through the epilogue (bias, clamp, SiLU or HardSwish: what the
 * im2col GEMM would absorb, {@link EpilogueFusion}) into the output once. Rows are split over the intra-op pool.
 */
final class VectorStemConv implements FusingKernel {
    /** Input channels up to this take the direct path (RGB, RGBA). */
    static final int MAX_CHANNELS = 4;
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Output channels per block. */
    private static final int CB = 8;
    private static final int SILU = Epilogue.Activation.SILU.ordinal();
    private static final int HARD_SWISH = Epilogue.Activation.HARD_SWISH.ordinal();
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[2 * CB * L]);
    private final ConvOps.Conv conv;
    private final IntraOpPool pool;
    private final Epilogue epilogue;
    private final int n;
    private final int c;
    private final int h;
    private final int w;
    private final int m;
    private final int ho;
    private final int wo;
    /** Length of one even- or odd-column row of the split input. */
    private final int half;
    /** Rows of the split input per channel: input rows -1 .. 2 * ho - 1 (padded). */
    private final int rows;
    /** Weights per block of CB output channels: [block][ci * 9 + tap][CB], zero past m. */
    private final float[] packed;
    private final float[] split;
    private final IntraOpPool.Task splitRows = this::splitRows;
    private final IntraOpPool.Task outputRows = this::outputRows;
    private float[] x;
    private float[] bias;
    private float[] y;
    private int image;
    private int tasks;

    private VectorStemConv(ConvOps.Conv conv, IntraOpPool pool, Epilogue epilogue, int[] xs, int m, int ho, int wo,
            float[] packed) {
        this.conv = conv;
        this.pool = pool;
        this.epilogue = epilogue;
        this.n = xs[0];
        this.c = xs[1];
        this.h = xs[2];
        this.w = xs[3];
        this.m = m;
        this.ho = ho;
        this.wo = wo;
        this.packed = packed;
        this.half = (wo + 2 * L - 1) / (2 * L) * (2 * L) + 1;
        this.rows = 2 * ho + 1;
        this.split = new float[c * rows * 2 * half];
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
        if (xs[1] > MAX_CHANNELS || ws[1] != xs[1] || ws[2] != 3 || ws[3] != 3 || xs[0] < 1) {
            return null;
        }
        ConvOps.Geometry g = conv.geometry3d(xs, ws, new int[3]);
        for (int d = 1; d < 3; d++) {
            if (g.strides()[d] != 2 || g.dilations()[d] != 1 || g.padBegin()[d] != 1) {
                return null;
            }
        }
        int ho = g.out()[1];
        int wo = g.out()[2];
        if (ho < 1 || wo < 1 || 2 * ho - 1 > xs[2] || 2 * wo - 1 > xs[3]) {
            return null;
        }
        return new VectorStemConv(conv, pool, Epilogue.NONE, xs, ws[0], ho, wo, pack(constants[1].floats(), ws[0], xs[1]));
    }

    private static float[] pack(float[] wt, int m, int c) {
        int blocks = (m + CB - 1) / CB;
        int taps = c * 9;
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
        return new VectorStemConv(conv, pool, e, new int[] {n, c, h, w}, m, ho, wo, packed);
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
     * Split rows of task {@code t}: for channel ci and input row iy (-1 .. 2 * ho - 1), column u = ix + 1 of the
     * zero-padded row goes to the even row at u / 2 when u is even, else to the odd row.
     */
    private void splitRows(int t) {
        int all = c * rows;
        int share = Math.min(tasks, all);
        for (int r = IntraOpPool.bound(t, share, all, 1); r < IntraOpPool.bound(t + 1, share, all, 1); r++) {
            int ci = r / rows;
            int iy = r % rows - 1;
            int even = r * 2 * half;
            int odd = even + half;
            Arrays.fill(split, even, even + 2 * half, 0f);
            if (iy < 0 || iy >= h) {
                continue;
            }
            int src = ((image * c + ci) * h + iy) * w;
            int odds = Math.min(half, (w + 1) / 2);
            for (int j = 0; j < odds; j++) {
                split[odd + j] = x[src + 2 * j];
            }
            int evens = Math.min(half, w / 2 + 1);
            for (int j = 1; j < evens; j++) {
                split[even + j] = x[src + 2 * j - 1];
            }
        }
    }

    /** Output rows of task {@code t}, every channel block and column block. */
    private void outputRows(int t) {
        for (int oy = IntraOpPool.bound(t, tasks, ho, 1); oy < IntraOpPool.bound(t + 1, tasks, ho, 1); oy++) {
            for (int cb = 0; cb < m; cb += CB) {
                for (int ox = 0; ox < wo; ox += 2 * L) {
                    block(oy, cb, ox);
                }
            }
        }
    }

    /** Output channels cb .. cb + CB, row oy, columns ox .. ox + 2L. */
    private void block(int oy, int cb, int ox) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        float[] p = packed;
        int wi = cb / CB * c * 9 * CB;
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < 3; ky++) {
                int even = ((ci * rows) + 2 * oy + ky) * 2 * half;
                for (int kx = 0; kx < 3; kx++, wi += CB) {
                    int at = (kx == 1 ? even + half : even) + ox + (kx == 2 ? 1 : 0);
                    FloatVector x0 = FloatVector.fromArray(S, split, at);
                    FloatVector x1 = FloatVector.fromArray(S, split, at + L);
                    FloatVector k = FloatVector.broadcast(S, p[wi]);
                    a0 = k.fma(x0, a0);
                    b0 = k.fma(x1, b0);
                    k = FloatVector.broadcast(S, p[wi + 1]);
                    a1 = k.fma(x0, a1);
                    b1 = k.fma(x1, b1);
                    k = FloatVector.broadcast(S, p[wi + 2]);
                    a2 = k.fma(x0, a2);
                    b2 = k.fma(x1, b2);
                    k = FloatVector.broadcast(S, p[wi + 3]);
                    a3 = k.fma(x0, a3);
                    b3 = k.fma(x1, b3);
                    k = FloatVector.broadcast(S, p[wi + 4]);
                    a4 = k.fma(x0, a4);
                    b4 = k.fma(x1, b4);
                    k = FloatVector.broadcast(S, p[wi + 5]);
                    a5 = k.fma(x0, a5);
                    b5 = k.fma(x1, b5);
                    k = FloatVector.broadcast(S, p[wi + 6]);
                    a6 = k.fma(x0, a6);
                    b6 = k.fma(x1, b6);
                    k = FloatVector.broadcast(S, p[wi + 7]);
                    a7 = k.fma(x0, a7);
                    b7 = k.fma(x1, b7);
                }
            }
        }
        float[] acc = ACC.get();
        a0.intoArray(acc, 0);
        b0.intoArray(acc, L);
        a1.intoArray(acc, 2 * L);
        b1.intoArray(acc, 3 * L);
        a2.intoArray(acc, 4 * L);
        b2.intoArray(acc, 5 * L);
        a3.intoArray(acc, 6 * L);
        b3.intoArray(acc, 7 * L);
        a4.intoArray(acc, 8 * L);
        b4.intoArray(acc, 9 * L);
        a5.intoArray(acc, 10 * L);
        b5.intoArray(acc, 11 * L);
        a6.intoArray(acc, 12 * L);
        b6.intoArray(acc, 13 * L);
        a7.intoArray(acc, 14 * L);
        b7.intoArray(acc, 15 * L);
        int off = ((image * m + cb) * ho + oy) * wo + ox;
        int plane = ho * wo;
        int cols = Math.min(2 * L, wo - ox);
        int chans = Math.min(CB, m - cb);
        for (int j = 0; j < chans; j++) {
            float b = bias == null ? 0f : bias[cb + j];
            for (int v = 0; v < 2 && v * L < cols; v++) {
                one(FloatVector.fromArray(S, acc, (2 * j + v) * L).add(b), off + j * plane + v * L, cols - v * L);
            }
        }
    }

    private void one(FloatVector v, int off, int cols) {
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
