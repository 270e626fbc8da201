package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.ops.ConvOps;
import java.util.Arrays;

/**
 * 2-D max or average pooling of one (H, W) plane by a backend's {@link PoolWindows}, which reduces every window
 * without bounds checks. Where every window lies inside the input (no padding, no ceil-mode overhang), it reads the
 * input plane in place (rows of W floats), unless the loop's slack would run past the end of the input array.
 * Otherwise a loop that reads the padding itself ({@link PoolWindows#poolPadded}) reads the input plane; failing
 * that, the plane is copied into a per-thread buffer laid out with its padding (and any ceil-mode overhang and
 * the loop's slack) holding the reduction's neutral value. The neutral border is written only when a thread's
 * buffer last served another geometry; each plane then copies just its rows. Average
 * multiplies by 1 / the window's count (every tap with {@code count_include_pad}, else the taps inside the input).
 * Made once per input shape, only where every window holds at least one input element (see {@link #of}).
 */
final class Pool2dPlane {
    /** A thread's padded plane and the kernel whose layout its border holds. */
    private static final class Scratch {
        float[] plane = new float[0];
        Pool2dPlane owner;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private final boolean max;
    private final PoolWindows windows;
    private final PoolWindows.Shape shape;
    private final int h;
    private final int w;
    private final int padTop;
    private final int padLeft;
    /** Rows of the padded plane: every row a window reads. */
    private final int rows;
    /** Floats per padded row: every column a window reads, then the loop's slack. */
    private final int pitch;
    /** Input rows and columns copied (those a window reads). */
    private final int copiedRows;
    private final int copiedCols;
    /** Every window lies inside the input: the windows may read the input plane in place. */
    private final boolean inPlace;
    /** Floats from a plane's start that the windows may read in place: its rows up to the last one's slack. */
    private final int inPlaceReach;
    /** Average only: 1 / (window count) per output element, (OH, OW); null for max. */
    private final float[] inverseCounts;

    private Pool2dPlane(boolean max, boolean includePad, PoolWindows windows, ConvOps.Geometry g, int[] in3) {
        this.max = max;
        this.windows = windows;
        h = in3[1];
        w = in3[2];
        shape = new PoolWindows.Shape(g.kernel()[1], g.kernel()[2], g.strides()[1], g.strides()[2], g.dilations()[1],
                g.dilations()[2], g.out()[1], g.out()[2]);
        padTop = g.padBegin()[1];
        padLeft = g.padBegin()[2];
        rows = (shape.oh - 1) * shape.sh + (shape.kh - 1) * shape.dh + 1;
        int span = (shape.ow - 1) * shape.sw + (shape.kw - 1) * shape.dw + 1;
        pitch = span + windows.slack();
        copiedRows = Math.max(0, Math.min(h, rows - padTop));
        copiedCols = Math.max(0, Math.min(w, span - padLeft));
        inPlace = padTop == 0 && padLeft == 0 && rows <= h && span <= w;
        inPlaceReach = (rows - 1) * w + span + windows.slack();
        inverseCounts = max ? null : inverseCounts(g, in3, includePad);
    }

    /**
     * The plane kernel for a geometry with one depth (a 2-D or 1-D pool), or null where it does not apply: 3-D
     * windows, or a window lying wholly in padding (whose value the general loop defines).
     */
    static Pool2dPlane of(boolean max, boolean includePad, PoolWindows windows, ConvOps.Geometry g, int[] in3) {
        if (in3[0] != 1 || g.kernel()[0] != 1 || g.out()[0] != 1 || g.out()[1] == 0 || g.out()[2] == 0) {
            return null;
        }
        for (int d = 1; d < 3; d++) {
            for (int o = 0; o < g.out()[d]; o++) {
                if (taps(g, in3, d, o, false) == 0) {
                    return null;
                }
            }
        }
        return new Pool2dPlane(max, includePad, windows, g, in3);
    }

    /** Taps of output position {@code o} along spatial dim {@code d}: all of them, or those inside the input. */
    private static int taps(ConvOps.Geometry g, int[] in3, int d, int o, boolean all) {
        int n = 0;
        for (int k = 0; k < g.kernel()[d]; k++) {
            int i = o * g.strides()[d] + k * g.dilations()[d] - g.padBegin()[d];
            n += all || i >= 0 && i < in3[d] ? 1 : 0;
        }
        return n;
    }

    private static float[] inverseCounts(ConvOps.Geometry g, int[] in3, boolean includePad) {
        int oh = g.out()[1];
        int ow = g.out()[2];
        float[] inv = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                inv[i * ow + j] = 1f / (taps(g, in3, 1, i, includePad) * taps(g, in3, 2, j, includePad));
            }
        }
        return inv;
    }

    /** Pools the plane at {@code x[xBase]} into {@code y[yBase]}, (OH, OW). */
    void run(float[] x, int xBase, float[] y, int yBase) {
        if (inPlace && xBase + inPlaceReach <= x.length) {
            windows.pool(max, x, xBase, w, shape, inverseCounts, y, yBase);
            return;
        }
        if (windows.poolPadded(max, x, xBase, h, w, copiedCols, padTop, padLeft, shape, inverseCounts, y, yBase)) {
            return;
        }
        Scratch s = SCRATCH.get();
        int size = rows * pitch;
        if (s.owner != this) {
            if (s.plane.length < size) {
                s.plane = new float[size];
            }
            Arrays.fill(s.plane, 0, size, max ? Float.NEGATIVE_INFINITY : 0f);
            s.owner = this;
        }
        float[] p = s.plane; // (rows, pitch): the plane with its padding
        for (int r = 0; r < copiedRows; r++) {
            System.arraycopy(x, xBase + r * w, p, (r + padTop) * pitch + padLeft, copiedCols);
        }
        windows.pool(max, p, 0, pitch, shape, inverseCounts, y, yBase);
    }
}
