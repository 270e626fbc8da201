package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Padding, cropping and block rearrangement: Pad, CenterCropPad, DepthToSpace, SpaceToDepth. */
public final class PadOps {
    private PadOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("CenterCropPad", 18, n -> new CenterCropPad(n.getInts("axes", null)));
        r.register("Pad", 1, n -> new Pad(n.getString("mode", "constant"), n.getInts("paddings", null), n.getFloat("value", 0)));
        r.register("Pad", 2, n -> new Pad(n.getString("mode", "constant"), n.getInts("pads", null), n.getFloat("value", 0)));
        r.register("Pad", 11, n -> new Pad(n.getString("mode", "constant"), null, 0));
        r.register("DepthToSpace", 1, n -> new DepthToSpace(n.requireInt("blocksize"), false));
        r.register("DepthToSpace", 11, n -> new DepthToSpace(n.requireInt("blocksize"), "CRD".equals(n.getString("mode", "DCR"))));
        r.register("SpaceToDepth", 1, n -> new SpaceToDepth(n.requireInt("blocksize")));
    }

    /**
     * Pad: pads (negative crops) each axis at both ends; modes constant/reflect/edge/wrap; pads and value as
     * attributes before opset 11, then pads, constant_value and (opset 18) axes inputs.
     */
    static final class Pad implements ShapeOps.Movement {
        final String mode;
        final long[] padsAttr;
        final float valueAttr;

        Pad(String mode, long[] padsAttr, float valueAttr) {
            if (!Arrays.asList("constant", "reflect", "edge", "wrap").contains(mode)) {
                throw new ShapeException("mode '" + mode + "' is not one of constant, reflect, edge, wrap");
            }
            this.mode = mode;
            this.padsAttr = padsAttr;
            this.valueAttr = valueAttr;
        }

        /** Pads for every axis ([begins..., ends...]), or null when an input they come from is unknown. */
        private long[] fullPads(int rank, Tensor[] values) {
            long[] pads = padsAttr;
            if (pads == null) {
                if (values.length < 2 || values[1] == null) {
                    return null;
                }
                pads = ShapeOps.longs(values[1]);
            }
            if (values.length < 4 || values[3] == null) {
                if (pads.length != 2 * rank) {
                    throw new ShapeException("pads has " + pads.length + " entries, expected " + 2 * rank);
                }
                return pads;
            }
            long[] axes = ShapeOps.longs(values[3]);
            if (pads.length != 2 * axes.length) {
                throw new ShapeException("pads has " + pads.length + " entries, expected " + 2 * axes.length + " for axes " + Arrays.toString(axes));
            }
            long[] full = new long[2 * rank];
            for (int i = 0; i < axes.length; i++) {
                int a = ShapeOps.axis(axes[i], rank);
                full[a] = pads[i];
                full[a + rank] = pads[i + axes.length];
            }
            return full;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in.length > 2 && in[2] != null && in[2].dtype() != in[0].dtype()) {
                throw new ShapeException("constant_value is " + in[2].dtype() + ", expected the data's type " + in[0].dtype());
            }
            boolean axesUnknown = in.length > 3 && in[3] != null && values[3] == null;
            long[] pads = axesUnknown ? null : fullPads(in[0].rank(), values);
            if (pads == null) {
                return new TensorType[1];
            }
            int[] s = in[0].shape();
            long[] out = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i] + pads[i] + pads[i + s.length];
                if (out[i] < 0) {
                    throw new ShapeException("pads " + Arrays.toString(pads) + " crop axis " + i + " of size " + s[i] + " below 0");
                }
            }
            return ShapeOps.single(in[0].dtype(), ShapeOps.dims("Pad output", out));
        }

        /** For each output coordinate of one axis, the input coordinate it reads, or -1 for the constant. */
        private int[] axisMap(int d, long begin, long end, int outDim) {
            int lo = (int) Math.max(0, -begin);
            int len = d - lo - (int) Math.max(0, -end);
            long pb = Math.max(0, begin);
            int[] map = new int[outDim];
            for (int o = 0; o < outDim; o++) {
                long s = o - pb;
                if (s >= 0 && s < len) {
                    map[o] = (int) s + lo;
                } else if (mode.equals("constant")) {
                    map[o] = -1;
                } else if (len == 0) {
                    throw new ShapeException("cannot " + mode + "-pad an empty axis");
                } else if (mode.equals("edge")) {
                    map[o] = (int) Math.max(0, Math.min(len - 1, s)) + lo;
                } else if (mode.equals("wrap")) {
                    map[o] = (int) Math.floorMod(s, (long) len) + lo;
                } else {
                    long p = 2L * (len - 1);
                    long m = p == 0 ? 0 : Math.floorMod(s, p);
                    map[o] = (int) (m >= len ? p - m : m) + lo;
                }
            }
            return map;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            int rank = x.rank();
            long[] pads = fullPads(rank, in);
            Tensor value = in.length > 2 && in[2] != null ? in[2] : ConstantOps.zero(y.dtype());
            if (in.length <= 2 || in[2] == null) {
                value.setDouble(0, valueAttr);
            }
            if (rank == 0) {
                ShapeOps.copyAll(x, y);
                return;
            }
            int[][] maps = new int[rank][];
            for (int a = 0; a < rank; a++) {
                maps[a] = axisMap(x.dim(a), pads[a], pads[a + rank], y.dim(a));
            }
            copyRows(x, y, maps, value);
        }

        private static void copyRows(Tensor x, Tensor y, int[][] maps, Tensor value) {
            int rank = maps.length;
            int[] st = x.strides();
            int last = y.dim(rank - 1);
            int[] last2 = maps[rank - 1];
            int[] idx = new int[rank];
            for (int pos = 0; pos < y.size(); pos += last) {
                int base = 0;
                for (int a = 0; a < rank - 1 && base >= 0; a++) {
                    int m = maps[a][idx[a]];
                    base = m < 0 ? -1 : base + m * st[a];
                }
                for (int j = 0; j < last;) {
                    int m = last2[j];
                    int run = 1;
                    if (base < 0 || m < 0) {
                        y.copyFrom(value, 0, pos + j, 1);
                    } else {
                        while (j + run < last && last2[j + run] == m + run) {
                            run++;
                        }
                        y.copyFrom(x, base + m, pos + j, run);
                    }
                    j += run;
                }
                for (int a = rank - 2; a >= 0; a--) {
                    if (++idx[a] < y.dim(a)) {
                        break;
                    }
                    idx[a] = 0;
                }
            }
        }
    }

    /** DepthToSpace: moves channel blocks into blocksize x blocksize spatial blocks; mode DCR (default) or CRD. */
    static final class DepthToSpace implements ShapeOps.Movement {
        final int b;
        final boolean crd;

        DepthToSpace(long blocksize, boolean crd) {
            if (blocksize < 1 || blocksize > 1 << 15) {
                throw new ShapeException("blocksize must be positive, found " + blocksize);
            }
            this.b = (int) blocksize;
            this.crd = crd;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            if (s.length != 4 || s[1] % (b * b) != 0) {
                throw new ShapeException("expected [N,C,H,W] with C divisible by " + b * b + ", found " + in[0].shapeString());
            }
            return ShapeOps.single(in[0].dtype(), s[0], s[1] / (b * b), s[2] * b, s[3] * b);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] st = in[0].strides();
            int[] os = out[0].shapeView();
            int c = os[1];
            int[] shape = {os[0], c, in[0].dim(2), b, in[0].dim(3), b};
            int[] strides = crd
                    ? new int[] {st[0], b * b * st[1], st[2], b * st[1], st[3], st[1]}
                    : new int[] {st[0], st[1], st[2], b * c * st[1], st[3], c * st[1]};
            ShapeOps.stridedCopy(in[0], 0, strides, out[0], shape);
        }
    }

    /** SpaceToDepth: moves blocksize x blocksize spatial blocks into channels (inverse of DepthToSpace DCR). */
    static final class SpaceToDepth implements ShapeOps.Movement {
        final int b;

        SpaceToDepth(long blocksize) {
            if (blocksize < 1 || blocksize > 1 << 15) {
                throw new ShapeException("blocksize must be positive, found " + blocksize);
            }
            this.b = (int) blocksize;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            if (s.length != 4 || s[2] % b != 0 || s[3] % b != 0) {
                throw new ShapeException("expected [N,C,H,W] with H and W divisible by " + b + ", found " + in[0].shapeString());
            }
            return ShapeOps.single(in[0].dtype(), s[0], s[1] * b * b, s[2] / b, s[3] / b);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] st = in[0].strides();
            int[] os = out[0].shapeView();
            int[] shape = {os[0], b, b, in[0].dim(1), os[2], os[3]};
            int[] strides = {st[0], st[2], st[3], st[1], b * st[2], b * st[3]};
            ShapeOps.stridedCopy(in[0], 0, strides, out[0], shape);
        }
    }

    /** CenterCropPad: center-crops or zero-pads each of {@code axes} (default all) to the {@code shape} input. */
    static final class CenterCropPad implements Op {
        final long[] axes;

        CenterCropPad(long[] axes) {
            this.axes = axes;
        }

        private int[] axesFor(int rank) {
            int[] a = new int[axes == null ? rank : axes.length];
            for (int i = 0; i < a.length; i++) {
                long v = axes == null ? i : axes[i] < 0 ? axes[i] + rank : axes[i];
                if (v < 0 || v >= rank) {
                    throw new ShapeException("CenterCropPad axes must lie in [" + -rank + ", " + (rank - 1) + "], found " + axes[i]);
                }
                a[i] = (int) v;
            }
            return a;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] shape = in[0].shape();
            int[] ax = axesFor(shape.length);
            if (in[1].elementCount() != ax.length) {
                throw new ShapeException("CenterCropPad needs " + ax.length + " shape values, found " + in[1].elementCount());
            }
            Tensor s = values[1];
            if (s == null) {
                return new TensorType[] {null};
            }
            for (int i = 0; i < ax.length; i++) {
                if (s.getLong(i) < 0) {
                    throw new ShapeException("CenterCropPad shape must be non-negative, found " + s.getLong(i));
                }
                shape[ax[i]] = (int) s.getLong(i);
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), shape)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            int rank = x.rank();
            int[] xs = x.shapeView();
            int[] ys = y.shapeView();
            for (int i = 0; i < y.size(); i++) {
                y.setLong(i, 0);
            }
            int[] len = new int[rank];
            int[] xOff = new int[rank];
            int[] yOff = new int[rank];
            int regions = 1;
            for (int a = 0; a < rank; a++) {
                len[a] = Math.min(xs[a], ys[a]);
                xOff[a] = xs[a] > ys[a] ? (xs[a] - ys[a]) / 2 : 0;
                yOff[a] = ys[a] > xs[a] ? (ys[a] - xs[a]) / 2 : 0;
                regions *= a < rank - 1 ? len[a] : 1;
            }
            if (rank == 0 || len[rank - 1] == 0 || regions == 0) {
                if (rank == 0) {
                    y.copyFrom(x, 0, 0, 1);
                }
                return;
            }
            int[] xStr = x.strides();
            int[] yStr = y.strides();
            int[] c = new int[rank];
            for (int r = 0; r < regions; r++) {
                int xp = 0;
                int yp = 0;
                for (int a = 0; a < rank; a++) {
                    xp += (c[a] + xOff[a]) * xStr[a];
                    yp += (c[a] + yOff[a]) * yStr[a];
                }
                y.copyFrom(x, xp, yp, len[rank - 1]);
                for (int a = rank - 2; a >= 0 && ++c[a] == len[a]; a--) {
                    c[a] = 0;
                }
            }
        }
    }
}
