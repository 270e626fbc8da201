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
 * Float32 3x3 stride-1 convolution by Winograd F(4x4, 3x3) ({@link WinogradF43}), for the static shapes where it
 * pays ({@link #suits}): weights transformed and packed once at prepare time, then per block of output tiles
 * the input tiles are transformed, 36 products {@code [M x C] x [C x tiles]} run on the backend's
 * {@link Sgemm}, and the output transform adds the bias and the absorbed clamp (a following Relu or Clip).
 * A block holds up to 4 MiB of transformed input and products (kept in cache from transform to product to
 * transform); a block of few tiles is multiplied the other way round ({@link #NARROW}). Plans and profiles label
 * it {@code <backend>:winograd}. An input of another shape runs on the fallback (im2col) kernel.
 */
final class WinogradConv implements FusingKernel, SliceWritingKernel {
    /** Bytes of transformed input plus products one tile block may take. */
    private static final int BLOCK_BYTES = 4 << 20;
    private static final int PTS = WinogradF43.POINTS;
    /**
     * Blocks of fewer tiles than this are multiplied the other way round, {@code [tiles x C] x [C x M]}: a GEMM
     * tiles its columns by 32 floats (two AVX-512 vectors), which a few tiles fill badly and M fills well.
     */
    private static final int NARROW = 32;
    /**
     * Rows of the per-block scratch (gathered and transformed tiles, products) are whole multiples of this many
     * floats (a 64-byte cache line, an AVX-512 vector) for a backend's vector transforms, so that they lie alike
     * against cache lines and the transforms have no remainder; the padding columns carry values no output reads.
     * The portable transforms' plain loops have no remainder to save and would only transform the padding (a
     * 27x27 plane, 49 tiles in rows of 64: about 10% slower), so their rows stay as long as the block.
     */
    private static final int ROW = 16;
    /** Per thread: gathered tiles, transform scratch (36 x block each), output tiles (16 x block), narrow operands. */
    private static final ThreadLocal<float[][]> TILES = ThreadLocal.withInitial(() -> new float[5][0]);
    /** Per calling thread: the padded input (C, Hp, Wp), transformed input (36, C, block), products (36, M, block). */
    private static final ThreadLocal<float[][]> BLOCKS = ThreadLocal.withInitial(() -> new float[3][0]);

    private final Sgemm gemm;
    private final WinogradF43 transforms;
    private final IntraOpPool pool;
    private final String label;
    private final Kernel fallback;
    private final int[] xShape;
    private final ConvOps.Geometry geo;
    private final int c;
    private final int m;
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;
    private final int padTop;
    private final int padLeft;
    private final int tilesY;
    private final int tilesX;
    private final int block;
    /** Padded plane: rows and columns as far as the last tile reaches. */
    private final int hp;
    private final int wp;
    /** Transformed weights: (36, M, C), or (36, C, M) when {@link #narrow}. */
    private final float[] u;
    private final boolean narrow;
    private final float[][] packed;
    /**
     * Narrow blocks on a GEMM that {@link Sgemm#packsATransposed packs A from its transpose}: the transformed
     * weights of each point packed once as B (C x M), and per point its packed A (the block's tiles), sized exactly.
     */
    private final float[][] packedU;
    private final float[][] packedV;
    private final ArrayRows[] rowsV;
    private final float lo;
    private final float hi;

    /** Where the output starts in the output tensor: 0, or a slice of an in-place Concat. */
    private int outBase;

    private WinogradConv(Sgemm gemm, WinogradF43 transforms, IntraOpPool pool, String label, Kernel fallback,
            int[] xShape, ConvOps.Geometry geo, float[] u, float[][] packed, float[][] packedU, int m, float lo, float hi) {
        this.gemm = gemm;
        this.transforms = transforms;
        this.pool = pool;
        this.label = label;
        this.fallback = fallback;
        this.xShape = xShape;
        this.geo = geo;
        this.c = xShape[1];
        this.m = m;
        this.h = xShape[2];
        this.w = xShape[3];
        this.oh = geo.out()[1];
        this.ow = geo.out()[2];
        this.padTop = geo.padBegin()[1];
        this.padLeft = geo.padBegin()[2];
        this.tilesY = (oh + 3) / 4;
        this.tilesX = (ow + 3) / 4;
        this.u = u;
        this.packed = packed;
        this.lo = lo;
        this.hi = hi;
        this.block = blockSize(tilesY * tilesX, c, m, gemm.colAlignment());
        this.narrow = block < NARROW;
        boolean transposedA = narrow && gemm.packsATransposed();
        this.packedU = !transposedA ? null : packedU != null ? packedU : packedU(gemm, u, c, m);
        this.packedV = transposedA ? new float[PTS][Math.toIntExact(gemm.packedASize(block, c))] : null;
        this.rowsV = transposedA ? new ArrayRows[PTS] : null;
        for (int xi = 0; transposedA && xi < PTS; xi++) {
            rowsV[xi] = new ArrayRows();
        }
        this.hp = tilesY * 4 + 2;
        this.wp = tilesX * 4 + 2;
    }

    /**
     * The Winograd kernel for this Conv when it suits it (see {@link #suits}), else null; {@code fallback} runs
     * inputs of other shapes.
     */
    static Kernel choose(ConvOps.Conv conv, TensorType[] in, Tensor[] constants, Sgemm gemm,
            WinogradF43 transforms, IntraOpPool pool, String backend, Kernel fallback) {
        if (in[0] == null || !in[0].isStatic() || in[0].rank() != 4 || constants[1] == null || conv.group() != 1
                || !enabled()) {
            return null;
        }
        int[] xs = in[0].shape();
        int[] ws = constants[1].shapeView();
        ConvOps.Geometry geo = conv.geometry3d(xs, ws, new int[3]);
        if (!suits(geo, xs[1], ws[0], xs[0], transforms.narrowMinChannels())) {
            return null;
        }
        int c = xs[1];
        int m = ws[0];
        float[] u = WinogradF43.weights(constants[1].floats(), m, c);
        float[][] packed = new float[PTS][];
        if (blockSize(geo, c, m, gemm) < NARROW) {
            float[] ut = new float[u.length]; // (36, C, M)
            for (int xi = 0; xi < PTS; xi++) {
                transpose(u, xi * m * c, m, c, ut, xi * m * c);
            }
            u = ut;
        } else {
            for (int xi = 0; xi < PTS; xi++) {
                packed[xi] = gemm.packA(u, xi * m * c, c, m, c, blockSize(geo, c, m, gemm));
            }
        }
        return new WinogradConv(gemm, transforms, pool, backend + ":winograd", fallback, xs.clone(), geo, u, packed, null, ws[0],
                Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /** The transformed weights (36, C, M) of each point packed as a B operand. */
    private static float[][] packedU(Sgemm gemm, float[] u, int c, int m) {
        float[][] out = new float[PTS][];
        for (int xi = 0; xi < PTS; xi++) {
            out[xi] = new float[Math.toIntExact(gemm.packedBSize(c, m))];
            gemm.packB(c, m, u, xi * c * m, m, null, 0, 0, c, out[xi]);
        }
        return out;
    }

    /** System property {@code ondeck.conv.winograd=false} turns the path off (to compare with im2col). */
    private static boolean enabled() {
        return !"false".equals(System.getProperty("ondeck.conv.winograd"));
    }

    /**
     * Where Winograd pays and stays accurate: a 3x3 window, stride and dilation 1, at least 16 input and output
     * channels (fewer leave the products too thin to beat the transforms), and at least 16 output tiles over the
     * batch (fewer make the 36 transformed weight matrices, four times the weights, cost more to stream than the
     * multiplications saved). Planes of fewer than {@link #NARROW} tiles also need at least
     * {@code narrowMinC} input channels ({@link WinogradF43#narrowMinChannels}, the backend's measured balance).
     */
    static boolean suits(ConvOps.Geometry geo, int c, int m, int batch, int narrowMinC) {
        for (int i = 1; i < 3; i++) {
            if (geo.kernel()[i] != 3 || geo.strides()[i] != 1 || geo.dilations()[i] != 1) {
                return false;
            }
        }
        int tiles = (geo.out()[1] + 3) / 4 * ((geo.out()[2] + 3) / 4);
        boolean shallowNarrow = tiles < NARROW && c < narrowMinC;
        return geo.kernel()[0] == 1 && c >= 16 && m >= 16 && (long) batch * tiles >= 16 && !shallowNarrow;
    }

    private static int blockSize(ConvOps.Geometry geo, int c, int m, Sgemm gemm) {
        return blockSize((geo.out()[1] + 3) / 4 * ((geo.out()[2] + 3) / 4), c, m, gemm.colAlignment());
    }

    /**
     * Tiles per block: about as many as fit {@link #BLOCK_BYTES} (at least 64), the blocks of about equal size
     * rounded up to whole GEMM column panels of {@code align} tiles (a plane of 196 tiles of 64 channels was two
     * blocks of 98, four panels each with 30 columns idle; as one block of 196, seven panels: the products 7% faster).
     */
    private static int blockSize(int tiles, int c, int m, int align) {
        int fit = Math.max(64, BLOCK_BYTES / (4 * PTS * (c + m)));
        int blocks = (tiles + fit - 1) / fit;
        int even = (tiles + blocks - 1) / blocks;
        return Math.min(tiles, (even + align - 1) / align * align);
    }

    @Override
    public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
        float[] clamp = ElementwiseKernels.clampOf(next, constants);
        boolean unclamped = lo == Float.NEGATIVE_INFINITY && hi == Float.POSITIVE_INFINITY;
        Kernel fused = fallback instanceof FusingKernel ? ((FusingKernel) fallback).absorb(next, types, constants) : null;
        if (clamp == null || !unclamped || fused == null) {
            return null;
        }
        return new WinogradConv(gemm, transforms, pool, label, fused, xShape, geo, u, packed, packedU, m, clamp[0], clamp[1]);
    }

    /** This convolution writing its output from element {@code offset} of a larger tensor (its fallback too). */
    @Override
    public Kernel writingAt(int offset, TensorType[] types) {
        Kernel f = fallback instanceof SliceWritingKernel ? ((SliceWritingKernel) fallback).writingAt(offset, types) : null;
        if (f == null) {
            return null;
        }
        WinogradConv k = new WinogradConv(gemm, transforms, pool, label, f, xShape, geo, u, packed, packedU, m, lo, hi);
        k.outBase = offset;
        return k;
    }

    @Override
    public String backendLabel() {
        return label;
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        if (!Arrays.equals(in[0].shapeView(), xShape)) {
            fallback.execute(in, out, ctx);
            return;
        }
        float[] x = in[0].floats();
        float[] bias = in.length > 2 && in[2] != null ? in[2].floats() : null;
        float[] y = out[0].floats();
        float[][] blocks = BLOCKS.get();
        float[] xp = grown(blocks, 0, c * hp * wp); // (C, Hp, Wp)
        float[] v = grown(blocks, 1, PTS * c * stride(block)); // (36, C, n), rows stride(n) apart
        float[] p = grown(blocks, 2, PTS * m * stride(block)); // (36, M, n), rows stride(n) apart
        int tasks = parts(Math.min(c, m));
        for (int img = 0; img < xShape[0]; img++) {
            int xOff = img * c * h * w;
            int yOff = outBase + img * m * oh * ow;
            pool.run(tasks, i -> {
                int end = IntraOpPool.bound(i + 1, tasks, c, 1);
                for (int ch = IntraOpPool.bound(i, tasks, c, 1); ch < end; ch++) {
                    pad(x, xOff + ch * h * w, xp, ch * hp * wp);
                }
            });
            for (int t0 = 0; t0 < tilesY * tilesX; t0 += block) {
                int n = Math.min(block, tilesY * tilesX - t0);
                int first = t0;
                int ns = stride(n);
                pool.run(tasks, i -> {
                    float[] d = scratch(0, PTS * ns);
                    float[] s = scratch(1, PTS * ns);
                    int end = IntraOpPool.bound(i + 1, tasks, c, 1);
                    for (int ch = IntraOpPool.bound(i, tasks, c, 1); ch < end; ch++) {
                        gather(xp, ch * hp * wp, first, n, ns, d);
                        transforms.input(d, ns, s, v, ch * ns, c * ns);
                    }
                });
                pool.run(PTS, xi -> multiply(xi, n, ns, v, p));
                pool.run(tasks, i -> {
                    float[] s = scratch(1, PTS * ns);
                    float[] o = scratch(2, 16 * ns);
                    int end = IntraOpPool.bound(i + 1, tasks, m, 1);
                    for (int mo = IntraOpPool.bound(i, tasks, m, 1); mo < end; mo++) {
                        transforms.output(p, mo * ns, m * ns, ns, bias == null ? 0f : bias[mo], lo, hi, s, o);
                        scatter(o, first, n, ns, y, yOff + mo * oh * ow);
                    }
                });
            }
        }
    }

    /**
     * The row length of a block of n tiles in the scratch: n rounded up to {@link #ROW}, or n itself when narrow
     * or on the portable transforms.
     */
    private int stride(int n) {
        return narrow || transforms == WinogradF43.PORTABLE ? n : (n + ROW - 1) / ROW * ROW;
    }

    /**
     * Tasks of the per-channel phases (padding, transforms): {@link IntraOpPool#TASKS_PER_THREAD} per thread, so
     * that a thread held up elsewhere leaves its share to the others; one on a single thread.
     */
    private int parts(int channels) {
        return pool.threads() == 1 ? 1 : Math.min(channels, IntraOpPool.TASKS_PER_THREAD * pool.threads());
    }

    /**
     * Point xi's product of a block of n tiles: {@code p[xi] (M, n) = U[xi] (M, C) x v[xi] (C, n)}, or for narrow
     * blocks its transpose {@code (n, C) x (C, M)} between transposed copies of v[xi] and p[xi] (on a GEMM that packs
     * A from its transpose, v[xi] packed straight from its rows and U[xi] packed once). Rows of v and p are
     * {@code ns} apart ({@link #stride}).
     */
    private void multiply(int xi, int n, int ns, float[] v, float[] p) {
        if (!narrow) {
            gemm.multiplyPacked(packed[xi], m, n, c, u, xi * m * c, c, v, xi * c * ns, ns, p, xi * m * ns, ns, Epilogue.NONE,
                    0, 0);
            return;
        }
        float[] pt = scratch(4, n * m); // (n, M)
        if (packedU != null) {
            gemm.packATransposed(n, c, rowsV[xi].set(v, xi * c * n, n), 0, c, packedV[xi]);
            gemm.multiplyPackedB(packedV[xi], n, m, c, null, 0, 0, packedU[xi], 0, m, pt, 0, m, Epilogue.NONE, 0);
        } else {
            float[] vt = scratch(3, n * c); // (n, C)
            transpose(v, xi * c * n, c, n, vt, 0);
            gemm.multiply(n, m, c, vt, 0, c, u, xi * c * m, m, pt, 0, m, Epilogue.NONE, 0, 0);
        }
        transpose(pt, 0, n, m, p, xi * m * n);
    }

    /** dst[to + j * rows + i] = src[from + i * cols + j]: a rows x cols matrix transposed. */
    private static void transpose(float[] src, int from, int rows, int cols, float[] dst, int to) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[to + j * rows + i] = src[from + i * cols + j];
            }
        }
    }

    private static float[] grown(float[][] arrays, int i, int size) {
        if (arrays[i].length < size) {
            arrays[i] = new float[size];
        }
        return arrays[i];
    }

    private static float[] scratch(int i, int size) {
        return grown(TILES.get(), i, size);
    }

    /** One channel plane into its padded copy: zeros around, as far as the last tile reaches. */
    private void pad(float[] x, int plane, float[] xp, int to) {
        Arrays.fill(xp, to, to + hp * wp, 0f);
        int cols = Math.min(w, wp - padLeft);
        for (int r = 0; r < h && r + padTop < hp; r++) {
            System.arraycopy(x, plane + r * w, xp, to + (r + padTop) * wp + padLeft, cols);
        }
    }

    /**
     * Gathers the 6x6 input tiles t0 .. t0 + n of one padded plane into d, element (r, c) of tile t at
     * {@code (6r + c) * ns + t - t0}: tile after tile, each of its six rows six loads from one padded row (a loop
     * over the tiles of a tile row with stride-4 reads ran short, 4 to 14 tiles, mostly loop overhead).
     */
    private void gather(float[] xp, int base, int t0, int n, int ns, float[] d) {
        int ty = t0 / tilesX;
        int tx = t0 - ty * tilesX;
        int from = base + ty * 4 * wp + tx * 4;
        for (int j = 0; j < n; j++) {
            for (int r = 0, src = from, dst = j; r < 6; r++, src += wp, dst += 6 * ns) {
                d[dst] = xp[src];
                d[dst + ns] = xp[src + 1];
                d[dst + 2 * ns] = xp[src + 2];
                d[dst + 3 * ns] = xp[src + 3];
                d[dst + 4 * ns] = xp[src + 4];
                d[dst + 5 * ns] = xp[src + 5];
            }
            if (++tx == tilesX) {
                tx = 0;
                from += 4 * wp - 4 * (tilesX - 1);
            } else {
                from += 4;
            }
        }
    }

    /**
     * Output tiles t0 .. t0 + n of one channel, (4, ns, 4) in o ({@link WinogradF43#output}), into its plane (the
     * part inside it): a run of tiles of one tile row at a time, each of its 4 rows one copy.
     */
    private void scatter(float[] o, int t0, int n, int ns, float[] y, int plane) {
        for (int t = t0; t < t0 + n; ) {
            int ty = t / tilesX;
            int tx = t - ty * tilesX;
            int len = Math.min(tilesX - tx, t0 + n - t);
            int cols = Math.min(4 * len, ow - 4 * tx);
            int rows = Math.min(4, oh - 4 * ty);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(o, (r * ns + t - t0) * 4, y, plane + (4 * ty + r) * ow + 4 * tx, cols);
            }
            t += len;
        }
    }

    /** Rows of a row-major matrix in an array, as {@link MatrixRows}; re-pointed per use. */
    private static final class ArrayRows implements MatrixRows {
        private float[] a;
        private int off;
        private int ld;

        ArrayRows set(float[] a, int off, int ld) {
            this.a = a;
            this.off = off;
            this.ld = ld;
            return this;
        }

        @Override
        public void copy(int p, int j0, int len, float[] dst, int dstOff) {
            System.arraycopy(a, off + p * ld + j0, dst, dstOff, len);
        }
    }
}
