package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.ops.ConvOps;
import java.util.Arrays;

/**
 * The patch matrix of a convolution, read row segment by row segment by the GEMM as it packs ({@link Rows}); never
 * stored. For a strided convolution the input is first split once into its column phases (for stride s, every
 * row's columns s*t + phase, t = 0, 1, ..., side by side), so that every patch row segment is a plain copy from one
 * phase instead of a strided gather per kernel tap: the one strided pass costs a 3x3 stride-2 kernel 9/4 fewer
 * element moves than gathering, a 7x7 one twelve times fewer. A strided 1x1 convolution (ResNet's downsampling)
 * instead gathers its whole patch matrix, a quarter of the input for stride 2, once. The split and the gather run
 * in row shares over the intra-op pool (on the caller alone it was a serial pass before the parallel product).
 */
final class Im2col {
    private Im2col() {
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * The patch matrix [channels * kd*kh*kw, od*oh*ow] of one image and group as {@link MatrixRows}: row p is
     * (channel, kd, kh, kw), column j is (od, oh, ow); zeros for padding. Set once per image and group with
     * {@link #set}; read-only while a product runs.
     */
    static final class Rows implements MatrixRows {
        private final FloatLoops loops;
        private final IntraOpPool pool;
        private final IntraOpPool.Task splitPart = this::splitPart;
        private float[] x;
        private int xOff;
        private int[] in;
        private ConvOps.Geometry g;
        private int ks;
        private int ohw;
        /** Column phases of the input rows when the stride along width is above 1 (else unused), grown on demand. */
        private float[] phases = new float[0];
        /** Floats per phase of a row: ceil(width / stride). */
        private int phaseWidth;
        /** Whether phases holds the whole patch matrix of a strided 1x1 convolution ({@link #gather}). */
        private boolean gathered;
        /** Width and stride of the rows being split. */
        private int splitWidth;
        private int splitStride;
        /** Rows being split, and the number of tasks they are split in. */
        private int splitCount;
        private int splitTasks;

        /**
         * Patches gathered with {@code loops} (strided copies for strided convolutions); the split into column
         * phases runs over {@code pool}, so that it is not a serial pass before a parallel product.
         */
        Rows(FloatLoops loops, IntraOpPool pool) {
            this.loops = loops;
            this.pool = pool;
        }

        /**
         * Points at the input of one image and group, {@code channels} channels starting at {@code xOff}; {@code in}
         * holds the input extents. For a stride above 1 along width, splits those channels into column phases here.
         */
        Rows set(float[] x, int xOff, int channels, int[] in, ConvOps.Geometry g) {
            this.x = x;
            this.xOff = xOff;
            this.in = in;
            this.g = g;
            int[] k = g.kernel();
            this.ks = k[0] * k[1] * k[2];
            this.ohw = g.out()[1] * g.out()[2];
            int s = g.strides()[2];
            gathered = ks == 1 && g.padBegin()[0] == 0 && g.padBegin()[1] == 0 && g.padBegin()[2] == 0
                    && (s > 1 || g.strides()[1] > 1 || g.strides()[0] > 1);
            if (gathered) {
                gather(channels);
            } else if (s > 1) {
                split(channels * in[0] * in[1], in[2], s);
            }
            return this;
        }

        /**
         * A strided 1x1 convolution's patch matrix, gathered whole: phases[ch * pixels + j] = the input under output
         * pixel j of channel ch (zero past the input's end), so that every row segment is then one plain copy.
         */
        private void gather(int channels) {
            int pixels = g.out()[0] * ohw;
            if (phases.length < channels * pixels) {
                phases = new float[channels * pixels];
            }
            splitCount = channels * g.out()[0] * g.out()[1];
            splitTasks = pool.tasks((long) splitCount * g.out()[2], IntraOpPool.MIN_TASK_ELEMENTS);
            if (splitTasks == 1) {
                gatherRows(0, splitCount);
            } else {
                pool.run(splitTasks, splitPart);
            }
        }

        /** Output rows r0 .. r1 (over channel, od, oh) of {@link #gather}. */
        private void gatherRows(int r0, int r1) {
            int[] s = g.strides();
            int[] o = g.out();
            int ow = o[2];
            int inside = Math.min(ow, ceilDiv(in[2], s[2]));
            for (int r = r0; r < r1; r++) {
                int oh = r % o[1];
                int od = r / o[1] % o[0];
                int ch = r / (o[1] * o[0]);
                int id = od * s[0];
                int ih = oh * s[1];
                int at = r * ow;
                if (id >= in[0] || ih >= in[1]) {
                    Arrays.fill(phases, at, at + ow, 0f);
                    continue;
                }
                int from = xOff + ((ch * in[0] + id) * in[1] + ih) * in[2];
                if (s[2] == 1) {
                    System.arraycopy(x, from, phases, at, inside);
                } else {
                    loops.strided(x, from, s[2], phases, at, inside);
                }
                Arrays.fill(phases, at + inside, at + ow, 0f);
            }
        }

        /** phases[(row * s + phase) * phaseWidth + t] = row's column t * s + phase, for every input row. */
        private void split(int rows, int width, int s) {
            phaseWidth = ceilDiv(width, s);
            if (phases.length < rows * s * phaseWidth) {
                phases = new float[rows * s * phaseWidth];
            }
            splitWidth = width;
            splitStride = s;
            splitCount = rows;
            splitTasks = pool.tasks(rows, IntraOpPool.MIN_TASK_ELEMENTS / Math.max(1, width));
            if (splitTasks == 1) {
                splitRows(0, rows);
            } else {
                pool.run(splitTasks, splitPart);
            }
        }

        /** Task {@code i} of {@link #split} or {@link #gather}: an even share of the rows. */
        private void splitPart(int i) {
            int r0 = IntraOpPool.bound(i, splitTasks, splitCount, 1);
            int r1 = IntraOpPool.bound(i + 1, splitTasks, splitCount, 1);
            if (gathered) {
                gatherRows(r0, r1);
            } else {
                splitRows(r0, r1);
            }
        }

        /** Rows r0 .. r1 of {@link #split}. */
        private void splitRows(int r0, int r1) {
            int width = splitWidth;
            int s = splitStride;
            for (int r = r0; r < r1; r++) {
                for (int phase = 0; phase < s && phase < width; phase++) {
                    loops.strided(x, xOff + r * width + phase, s, phases, (r * s + phase) * phaseWidth,
                            ceilDiv(width - phase, s));
                }
            }
        }

        @Override
        public void copy(int p, int j0, int len, float[] dst, int dstOff) {
            if (gathered) {
                System.arraycopy(phases, p * g.out()[0] * ohw + j0, dst, dstOff, len);
                return;
            }
            int[] k = g.kernel();
            int[] s = g.strides();
            int[] d = g.dilations();
            int[] pb = g.padBegin();
            int ow = g.out()[2];
            int ch = p / ks;
            int t = p - ch * ks;
            int kd = t / (k[1] * k[2]);
            int kh = t / k[2] % k[1];
            int kw = t % k[2];
            int cOff = xOff + ch * in[0] * in[1] * in[2];
            int shift = kw * d[2] - pb[2];
            int lo = Math.max(0, Math.min(ow, ceilDiv(-shift, s[2])));
            int hi = Math.max(lo, Math.min(ow, ceilDiv(in[2] - shift, s[2])));
            // input row (id, ih) of this tap starts at src[base + (id * in[1] + ih) * step]: the input itself for
            // stride 1, else the column phase that this tap reads
            float[] src;
            int step;
            int base;
            if (s[2] == 1) {
                src = x;
                step = in[2];
                base = cOff + shift;
            } else {
                src = phases;
                step = s[2] * phaseWidth;
                base = ch * in[0] * in[1] * step + Math.floorMod(shift, s[2]) * phaseWidth + Math.floorDiv(shift, s[2]);
            }
            int oh1 = g.out()[1];
            int od = j0 / ohw;
            int oh = (j0 - od * ohw) / ow;
            int col = j0 - od * ohw - oh * ow;
            for (int at = dstOff, left = len; left > 0; ) {
                int n = Math.min(ow - col, left);
                int id = od * s[0] + kd * d[0] - pb[0];
                int ih = oh * s[1] + kh * d[1] - pb[1];
                if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                    Arrays.fill(dst, at, at + n, 0f);
                } else {
                    int a = Math.max(col, Math.min(lo, col + n));
                    int b = Math.max(a, Math.min(hi, col + n));
                    if (a > col) {
                        Arrays.fill(dst, at, at + a - col, 0f);
                    }
                    System.arraycopy(src, base + (id * in[1] + ih) * step + a, dst, at - col + a, b - a);
                    if (b < col + n) {
                        Arrays.fill(dst, at + b - col, at + n, 0f);
                    }
                }
                at += n;
                left -= n;
                col = 0;
                if (++oh == oh1) {
                    oh = 0;
                    od++;
                }
            }
        }
    }

    /**
     * The same patch matrix for few output pixels, read through a table of input offsets per kernel tap and
     * pixel (-1 in the padding) built once per geometry: one lookup per element instead of a row segment per
     * output row, which for a 7x7 output would copy 7 floats at a time. Set per image with {@link #set}.
     */
    static final class Taps implements MatrixRows {
        private final int[] offsets;
        private final int ks;
        private final int pixels;
        private final int plane;
        private float[] x;
        private int xOff;

        /** For an input of extents {@code in} (depth, height, width) and the geometry {@code g}. */
        Taps(int[] in, ConvOps.Geometry g) {
            int[] k = g.kernel();
            int[] s = g.strides();
            int[] d = g.dilations();
            int[] pb = g.padBegin();
            int[] o = g.out();
            ks = k[0] * k[1] * k[2];
            pixels = o[0] * o[1] * o[2];
            plane = in[0] * in[1] * in[2];
            offsets = new int[ks * pixels];
            for (int t = 0; t < ks; t++) {
                int kd = t / (k[1] * k[2]);
                int kh = t / k[2] % k[1];
                int kw = t % k[2];
                for (int j = 0; j < pixels; j++) {
                    int id = j / (o[1] * o[2]) * s[0] + kd * d[0] - pb[0];
                    int ih = j / o[2] % o[1] * s[1] + kh * d[1] - pb[1];
                    int iw = j % o[2] * s[2] + kw * d[2] - pb[2];
                    boolean inside = id >= 0 && id < in[0] && ih >= 0 && ih < in[1] && iw >= 0 && iw < in[2];
                    offsets[t * pixels + j] = inside ? (id * in[1] + ih) * in[2] + iw : -1;
                }
            }
        }

        /** Points at the input of one image (and group), starting at {@code xOff}. */
        Taps set(float[] x, int xOff) {
            this.x = x;
            this.xOff = xOff;
            return this;
        }

        @Override
        public void copy(int p, int j0, int len, float[] dst, int dstOff) {
            int ch = p / ks;
            int base = xOff + ch * plane;
            int row = (p - ch * ks) * pixels + j0;
            for (int j = 0; j < len; j++) {
                int o = offsets[row + j];
                dst[dstOff + j] = o < 0 ? 0f : x[base + o];
            }
        }
    }
}
