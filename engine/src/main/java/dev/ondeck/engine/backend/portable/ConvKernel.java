package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.SliceWritingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ExecContext;
import java.util.Arrays;

/**
 * Float32 2-D convolution: depthwise (one input channel per output channel) by direct per-channel loops,
 * 1x1 stride-1 unpadded as a plain GEMM on the input, everything else as a GEMM per group on the patch matrix,
 * which the GEMM reads straight from the input as it packs ({@link Im2col.Rows}). Bias and an
 * optional clamp (a following Relu or Clip, absorbed at prepare time) are the GEMM's epilogue.
 */
final class ConvKernel implements FusingKernel, SliceWritingKernel {
    private final ConvOps.Conv conv;
    private final Sgemm gemm;
    private final FloatLoops loops;
    private final IntraOpPool pool;
    private final float lo;
    private final float hi;
    private int[] lastX;
    private int[] lastW;
    private ConvOps.Geometry geo;
    private final int[] in3 = new int[3];
    private final Im2col.Rows patches;
    private float[] lastBias;
    private Epilogue[] epilogues;
    private final boolean constantWeights;
    private float[] lastWeights;
    private float[][] packed;
    private Epilogue.Activation activation = Epilogue.Activation.NONE;
    /** Where the output starts in the output tensor: 0, or a slice of an in-place Concat. */
    private int outBase;
    private TransposedConv transposed;

    ConvKernel(ConvOps.Conv conv, Sgemm gemm, FloatLoops loops, IntraOpPool pool, float lo, float hi,
            boolean constantWeights) {
        this.conv = conv;
        this.loops = loops;
        this.pool = pool;
        this.patches = new Im2col.Rows(loops, pool);
        this.constantWeights = constantWeights;
        this.gemm = gemm;
        this.lo = lo;
        this.hi = hi;
    }

    /** Absorbs a following Relu or Clip (once), then HardSwish, into the epilogue ({@link EpilogueFusion}). */
    @Override
    public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
        return with(EpilogueFusion.absorb(new Epilogue(null, null, lo, hi, activation), next, constants));
    }

    /** Absorbs SiLU ({@code x * Sigmoid(x)}) or {@code x * HardSigmoid(x)} into the epilogue. */
    @Override
    public Kernel absorbGated(Node gate, Node product, TensorType[] productTypes) {
        return with(EpilogueFusion.absorbGated(new Epilogue(null, null, lo, hi, activation), gate, product, productTypes));
    }

    private Kernel with(Epilogue e) {
        if (e == null) {
            return null;
        }
        ConvKernel k = new ConvKernel(conv, gemm, loops, pool, e.lo(), e.hi(), constantWeights);
        k.activation = e.activation();
        k.outBase = outBase;
        return k;
    }

    /** This convolution writing from element {@code offset} of a larger output; not for the depthwise loops. */
    @Override
    public Kernel writingAt(int offset, TensorType[] types) {
        int[] x = types[0].shape();
        int[] w = types[1].shape();
        if (conv.group() == x[1] && w[0] == x[1]) {
            return null;
        }
        ConvKernel k = new ConvKernel(conv, gemm, loops, pool, lo, hi, constantWeights);
        k.activation = activation;
        k.outBase = offset;
        return k;
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        int[] xs = in[0].shapeView();
        int[] ws = in[1].shapeView();
        if (!Arrays.equals(xs, lastX) || !Arrays.equals(ws, lastW)) {
            geo = conv.geometry3d(xs, ws, in3);
            lastX = xs.clone();
            lastW = ws.clone();
            transposed = transposedFor(xs[1], ws[0]);
        }
        float[] bias = in.length > 2 && in[2] != null ? in[2].floats() : null;
        int group = conv.group();
        int c = xs[1];
        int m = ws[0];
        if (group == c && m == c) {
            depthwise(in[0].floats(), in[1].floats(), bias, out[0].floats(), xs[0], c);
        } else {
            viaGemm(in[0].floats(), in[1].floats(), epilogues(bias, m, group), out[0].floats(), xs[0], c, m, group);
        }
    }

    private Epilogue[] epilogues(float[] bias, int m, int group) {
        if (epilogues == null || bias != lastBias || epilogues.length != group) {
            epilogues = new Epilogue[group];
            int mg = m / group;
            for (int g = 0; g < group; g++) {
                float[] b = bias == null ? null : group == 1 ? bias : Arrays.copyOfRange(bias, g * mg, (g + 1) * mg);
                epilogues[g] = new Epilogue(b, null, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY).clamped(lo, hi).activated(activation);
            }
            lastBias = bias;
        }
        return epilogues;
    }

    /** Constant weights packed once per group in the GEMM's layout (again only if the weight array changes). */
    private float[][] packedWeights(float[] w, int group, int mg, int kdim, int n) {
        if (!constantWeights) {
            return null;
        }
        if (w != lastWeights) {
            packed = new float[group][];
            for (int g = 0; g < group; g++) {
                packed[g] = gemm.packA(w, g * mg * kdim, kdim, mg, kdim, n);
            }
            lastWeights = w;
        }
        return packed;
    }

    /** A {@link TransposedConv} where it pays (patches read through {@link Im2col.Taps}, one group, constant weights). */
    private TransposedConv transposedFor(int c, int m) {
        int outSize = geo.out()[0] * geo.out()[1] * geo.out()[2];
        int kdim = c * geo.kernel()[0] * geo.kernel()[1] * geo.kernel()[2];
        boolean fits = constantWeights && conv.group() == 1 && !(conv.group() == c && m == c) && !pointwise();
        return fits && TransposedConv.pays(gemm, m, outSize, kdim) ? new TransposedConv(gemm, pool, m, outSize, kdim, new Im2col.Taps(in3, geo)) : null;
    }

    private boolean pointwise() {
        for (int i = 0; i < 3; i++) {
            if (geo.kernel()[i] != 1 || geo.strides()[i] != 1 || geo.padBegin()[i] != 0 || geo.padEnd()[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void viaGemm(float[] x, float[] w, Epilogue[] eps, float[] y, int n, int c, int m, int group) {
        int cg = c / group;
        int mg = m / group;
        int inSize = in3[0] * in3[1] * in3[2];
        int outSize = geo.out()[0] * geo.out()[1] * geo.out()[2];
        int ks = geo.kernel()[0] * geo.kernel()[1] * geo.kernel()[2];
        int kdim = cg * ks;
        boolean direct = pointwise();
        if (transposed != null) {
            for (int img = 0; img < n; img++) {
                transposed.run(w, 0, x, img * c * inSize, y, outBase + img * m * outSize, eps[0]);
            }
            return;
        }
        float[][] pw = packedWeights(w, group, mg, kdim, outSize);
        for (int img = 0; img < n; img++) {
            for (int g = 0; g < group; g++) {
                int xOff = (img * c + g * cg) * inSize;
                float[] packedW = pw == null ? null : pw[g];
                int yOff = outBase + (img * m + g * mg) * outSize;
                if (direct) {
                    Sgemm.parallel(gemm, pool, packedW, mg, outSize, kdim, w, g * mg * kdim, kdim, x, xOff, outSize, y, yOff,
                            outSize, eps[g]);
                } else {
                    Sgemm.parallel(gemm, pool, packedW, mg, outSize, kdim, w, g * mg * kdim, kdim, patches.set(x, xOff, cg, in3, geo),
                            y, yOff, outSize, eps[g]);
                }
            }
        }
    }

    private void depthwise(float[] x, float[] w, float[] bias, float[] y, int n, int c) {
        int tasks = n * c;
        int per = Math.max(1, tasks / (pool.threads() * 4));
        boolean phased = in3[0] == 1 && geo.kernel()[0] == 1 && geo.dilations()[1] == 1 && geo.dilations()[2] == 1;
        pool.run((tasks + per - 1) / per, t -> {
            for (int plane = t * per; plane < Math.min(tasks, (t + 1) * per); plane++) {
                int ch = plane % c;
                if (phased) {
                    DepthwisePhases.plane(loops, x, w, ch, bias == null ? 0f : bias[ch], y, plane, in3, geo, lo, hi);
                } else {
                    depthwisePlane(x, w, ch, bias == null ? 0f : bias[ch], y, plane);
                }
                activate(y, plane);
            }
        });
    }

    /** Applies the absorbed activation to one output plane. */
    private void activate(float[] y, int plane) {
        if (activation != Epilogue.Activation.NONE) {
            int size = geo.out()[0] * geo.out()[1] * geo.out()[2];
            Epilogue.activate(activation, y, plane * size, size);
        }
    }

    /** One channel: y[oh, ow] = bias + sum over the window of w[kd, kh, kw] * x[...] (zeros outside), then clamped. */
    private void depthwisePlane(float[] x, float[] w, int ch, float b, float[] y, int plane) {
        int[] k = geo.kernel();
        int[] s = geo.strides();
        int[] d = geo.dilations();
        int[] pb = geo.padBegin();
        int[] o = geo.out();
        int inSize = in3[0] * in3[1] * in3[2];
        int outSize = o[0] * o[1] * o[2];
        int xBase = plane * inSize;
        int yBase = plane * outSize;
        int wBase = ch * k[0] * k[1] * k[2];
        Arrays.fill(y, yBase, yBase + outSize, b);
        for (int od = 0; od < o[0]; od++) {
            for (int kd = 0; kd < k[0]; kd++) {
                int id = od * s[0] + kd * d[0] - pb[0];
                if (id < 0 || id >= in3[0]) {
                    continue;
                }
                for (int oh = 0; oh < o[1]; oh++) {
                    int yRow = yBase + (od * o[1] + oh) * o[2];
                    for (int kh = 0; kh < k[1]; kh++) {
                        int ih = oh * s[1] + kh * d[1] - pb[1];
                        if (ih < 0 || ih >= in3[1]) {
                            continue;
                        }
                        int xRow = xBase + (id * in3[1] + ih) * in3[2];
                        row(x, xRow, w, wBase + (kd * k[1] + kh) * k[2], y, yRow);
                    }
                }
            }
        }
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            for (int i = yBase; i < yBase + outSize; i++) {
                y[i] = Math.min(Math.max(y[i], lo), hi);
            }
        }
    }

    /**
     * One output row from one input row and one row of the window: for stride 1, the columns where every tap is
     * inside the input go through {@link FloatLoops#taps} at once, the border columns tap by tap.
     */
    private void row(float[] x, int xRow, float[] w, int wRow, float[] y, int yRow) {
        int kw = geo.kernel()[2];
        int s = geo.strides()[2];
        int d = geo.dilations()[2];
        int pb = geo.padBegin()[2];
        int ow = geo.out()[2];
        int width = in3[2];
        int inLo = s == 1 ? Math.max(0, pb) : 0;
        int inHi = s == 1 ? Math.min(ow, width + pb - (kw - 1) * d) : 0;
        if (inLo < inHi) {
            loops.taps(w, wRow, kw, d, x, xRow + inLo - pb, y, yRow + inLo, inHi - inLo);
        }
        for (int b = 0; b < kw; b++) {
            float wv = w[wRow + b];
            int shift = b * d - pb;
            int lo0 = Math.max(0, Math.min(ow, s == 1 ? -shift : Im2col.ceilDiv(-shift, s)));
            int hi0 = Math.max(lo0, Math.min(ow, s == 1 ? width - shift : Im2col.ceilDiv(width - shift, s)));
            if (inLo < inHi) {
                tap(wv, x, xRow + shift, s, y, yRow, lo0, Math.min(hi0, inLo));
                tap(wv, x, xRow + shift, s, y, yRow, Math.max(lo0, inHi), hi0);
            } else {
                tap(wv, x, xRow + shift, s, y, yRow, lo0, hi0);
            }
        }
    }

    /** y[yRow + j] += wv * x[xRow + j * stride] for j in [lo, hi); contiguous for stride 1. */
    private void tap(float wv, float[] x, int xRow, int stride, float[] y, int yRow, int lo, int hi) {
        if (hi <= lo) {
            return;
        }
        if (stride == 1) {
            loops.axpy(wv, x, xRow + lo, y, yRow + lo, hi - lo);
        } else {
            for (int j = lo; j < hi; j++) {
                y[yRow + j] += wv * x[xRow + j * stride];
            }
        }
    }
}
