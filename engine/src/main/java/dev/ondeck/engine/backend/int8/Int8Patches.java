package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.ops.ConvOps;
import java.util.Arrays;

/**
 * The input of one image and group of an int8 convolution laid out for the integer loops, for one input
 * shape: either all patches as the B panels of {@link Int8Kernels#gemm} (depth = channels x kernel size, one
 * column per output position), or, for a 2-D convolution with one input channel per group (depthwise), a
 * padded plane split into stride phases (rows: the vertical phases one after another; within a row, the
 * horizontal phases), with the tap offsets that make every output row a {@link Int8Kernels#shiftedRowSum}. Outside the input both hold the zero point.
 */
final class Int8Patches {
    /**
     * Output rows shorter than this run as one long row when the stride is 1 (see {@link #flat}); with a
     * larger stride the long row also computes the skipped phases, worth it only below {@link #VERY_SHORT_ROW}.
     */
    private static final int SHORT_ROW = 64;
    private static final int VERY_SHORT_ROW = 16;
    final int outSize;
    final int depth;
    final boolean depthwise;
    /** (outSize / width, depth, width) */
    final byte[] panels;
    private final int[] k;
    private final int[] st;
    private final int[] dl;
    private final int[] pb;
    private final int[] o;
    private final int[] in3;
    private final int channels;
    private final byte zeroPoint;
    private final int width;
    /** Padded plane (rows, rowLength): rows in vertical stride phases, each row its horizontal phases one after another. */
    private final byte[] plane;
    private final int rows;
    private final int rowLength;
    private final int[] phaseStart;
    private final int[] rowPhaseStart;
    private final int[] tapOffset;
    /**
     * Depthwise with short output rows: the plane read as one long row, every plane position computed,
     * (rows - 1) * rowLength + out width accumulators; null otherwise.
     */
    private final int[] flat;

    Int8Patches(ConvOps.Geometry geo, int[] in3, int channels, int zeroPoint, int width) {
        this.k = geo.kernel();
        this.st = geo.strides();
        this.dl = geo.dilations();
        this.pb = geo.padBegin();
        this.o = geo.out();
        this.in3 = in3.clone();
        this.channels = channels;
        this.zeroPoint = (byte) zeroPoint;
        this.width = width;
        this.outSize = o[0] * o[1] * o[2];
        this.depth = channels * k[0] * k[1] * k[2];
        this.depthwise = channels == 1 && k[0] == 1 && in3[0] == 1 && o[0] == 1;
        this.panels = depthwise ? null : new byte[(outSize + width - 1) / width * width * depth];
        this.rows = depthwise ? (o[1] - 1) * st[1] + (k[1] - 1) * dl[1] + 1 : 0;
        this.rowLength = depthwise ? (o[2] - 1) * st[2] + (k[2] - 1) * dl[2] + 1 : 0;
        this.plane = depthwise ? new byte[rows * rowLength] : null;
        this.phaseStart = phaseStarts(rowLength, st[2]);
        this.rowPhaseStart = phaseStarts(rows, st[1]);
        boolean flatten = depthwise && (o[2] < VERY_SHORT_ROW || st[2] == 1 && o[2] < SHORT_ROW);
        this.flat = flatten ? new int[(o[1] - 1) * rowLength + o[2]] : null;
        this.tapOffset = new int[k[1] * k[2]];
        for (int kh = 0; kh < k[1]; kh++) {
            for (int kw = 0; kw < k[2]; kw++) {
                int row = kh * dl[1];
                int col = kw * dl[2];
                tapOffset[kh * k[2] + kw] = (rowPhaseStart[row % st[1]] + row / st[1]) * rowLength + phaseStart[col % st[2]] + col / st[2];
            }
        }
    }

    /** Where each stride phase of {@code n} positions starts when the phases are laid out one after another. */
    private static int[] phaseStarts(int n, int stride) {
        int[] start = new int[stride];
        for (int ph = 1; ph < stride; ph++) {
            start[ph] = start[ph - 1] + (n - (ph - 1) + stride - 1) / stride;
        }
        return start;
    }

    /** Packs the patches of the {@link #channels} input channels starting at {@code xOff} into {@link #panels}. */
    void pack(byte[] x, int xOff) {
        int inSize = in3[0] * in3[1] * in3[2];
        boolean pointwise = depth == channels && outSize == inSize && st[0] * st[1] * st[2] == 1 && pb[0] + pb[1] + pb[2] == 0;
        int p = 0;
        for (int ci = 0; ci < channels; ci++) {
            for (int kd = 0; kd < k[0]; kd++) {
                for (int kh = 0; kh < k[1]; kh++) {
                    for (int kw = 0; kw < k[2]; kw++) {
                        if (pointwise) {
                            copyRow(x, xOff + ci * inSize, p++);
                        } else {
                            packRow(x, xOff + ci * inSize, kd, kh, kw, p++);
                        }
                    }
                }
            }
        }
    }

    /** Row {@code p} of B of a 1x1, stride 1, unpadded convolution: the input plane itself, panel by panel. */
    private void copyRow(byte[] x, int base, int p) {
        for (int j0 = 0, dst = p * width; j0 < outSize; j0 += width, dst += depth * width) {
            System.arraycopy(x, base + j0, panels, dst, Math.min(width, outSize - j0));
        }
    }

    /** Row {@code p} of B: the input under tap (kd, kh, kw) for every output position. */
    private void packRow(byte[] x, int base, int kd, int kh, int kw, int p) {
        int panel = p * width;
        int lane = 0;
        for (int od = 0; od < o[0]; od++) {
            int id = od * st[0] - pb[0] + kd * dl[0];
            for (int oh = 0; oh < o[1]; oh++) {
                int ih = oh * st[1] - pb[1] + kh * dl[1];
                boolean rowInside = id >= 0 && id < in3[0] && ih >= 0 && ih < in3[1];
                int row = base + (id * in3[1] + ih) * in3[2];
                for (int ow = 0, iw = kw * dl[2] - pb[2]; ow < o[2]; ow++, iw += st[2]) {
                    panels[panel + lane] = rowInside && iw >= 0 && iw < in3[2] ? x[row + iw] : zeroPoint;
                    if (++lane == width) {
                        lane = 0;
                        panel += depth * width;
                    }
                }
            }
        }
    }

    /** Fills the padded, phase-split plane from the input channel at {@code xOff} (depthwise only). */
    void plane(byte[] x, int xOff) {
        int s = st[2];
        int first = Math.max(0, Math.min(rowLength, pb[2]));
        int last = Math.max(first, Math.min(rowLength, pb[2] + in3[2]));
        for (int r = 0; r < rows; r++) {
            int ih = r - pb[1];
            int dst = (rowPhaseStart[r % st[1]] + r / st[1]) * rowLength;
            if (ih < 0 || ih >= in3[1]) {
                Arrays.fill(plane, dst, dst + rowLength, zeroPoint);
            } else if (s == 1) {
                Arrays.fill(plane, dst, dst + first, zeroPoint);
                System.arraycopy(x, xOff + ih * in3[2] + first - pb[2], plane, dst + first, last - first);
                Arrays.fill(plane, dst + last, dst + rowLength, zeroPoint);
            } else {
                int src = xOff + ih * in3[2] - pb[2];
                for (int ph = 0, at = dst; ph < s; ph++) {
                    int col = ph;
                    for (; col < first; col += s) {
                        plane[at++] = zeroPoint;
                    }
                    for (; col < last; col += s) {
                        plane[at++] = x[src + col];
                    }
                    for (; col < rowLength; col += s) {
                        plane[at++] = zeroPoint;
                    }
                }
            }
        }
    }

    /** The accumulators of one output channel over the current plane, weights at {@code wOff}. */
    void depthwise(Int8Kernels kernels, byte[] w, int wOff, int[] acc, int accOff) {
        if (flat == null) {
            kernels.shiftedRowSum(plane, 0, rowLength, tapOffset, w, wOff, tapOffset.length, o[1], o[2], acc, accOff);
            return;
        }
        kernels.shiftedRowSum(plane, 0, 0, tapOffset, w, wOff, tapOffset.length, 1, flat.length, flat, 0);
        for (int r = 0; r < o[1]; r++) {
            System.arraycopy(flat, r * rowLength, acc, accOff + r * o[2], o[2]);
        }
    }
}
