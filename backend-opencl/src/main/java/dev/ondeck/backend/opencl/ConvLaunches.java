package dev.ondeck.backend.opencl;

import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ConvTransposeOps;
import dev.ondeck.engine.ops.PoolOps;

/** Convolution (general, 1x1, depthwise), ConvTranspose and pooling (max, average, global) launches. */
final class ConvLaunches {
    private static final String CONV = "conv.cl";
    private static final String POOL = "pool.cl";

    private ConvLaunches() {
    }

    static Kernel conv(Prep p, ConvOps.Conv op) {
        int[] x = p.shape(0);
        int[] w = p.shape(1);
        if (x.length < 3 || x.length > 5) {
            return null;
        }
        int[] in3 = new int[3];
        ConvOps.Geometry g = op.geometry3d(x, w, in3);
        int[] y = p.outShape();
        int group = op.group();
        int c = x[1];
        int co = w[0];
        boolean bias = p.present(2);
        boolean pointwise = all(g.kernel(), 1) && all(g.strides(), 1) && all(g.padBegin(), 0) && all(g.padEnd(), 0);
        ClLaunch.Builder b;
        if (pointwise) {
            b = p.launch(CONV, "conv_1x1").input(0).input(1);
            bindBias(p, b, bias);
            b.output(0).i(bias ? 1 : 0).i(group).i(c).i(co).i(in3[0] * in3[1] * in3[2]);
        } else {
            boolean depthwise = group == c && co == c && in3[0] == 1 && g.kernel()[0] == 1;
            b = p.launch(CONV, depthwise ? "conv_depthwise" : "conv_general").input(0).input(1);
            bindBias(p, b, bias);
            b.output(0).i(bias ? 1 : 0).i(group).ints(geometry(c, in3, co, g));
        }
        return b.over(OpKernels.size(y));
    }

    private static void bindBias(Prep p, ClLaunch.Builder b, boolean bias) {
        if (bias) {
            b.input(2);
        } else {
            b.absent();
        }
    }

    /** The geometry table of conv.cl and pool.cl: in (C, D, H, W), out (CO, OD, OH, OW), kernel, strides, dilations, pads. */
    static int[] geometry(int c, int[] in3, int co, ConvOps.Geometry g) {
        int[] t = new int[23];
        t[0] = c;
        System.arraycopy(in3, 0, t, 1, 3);
        t[4] = co;
        System.arraycopy(g.out(), 0, t, 5, 3);
        System.arraycopy(g.kernel(), 0, t, 8, 3);
        System.arraycopy(g.strides(), 0, t, 11, 3);
        System.arraycopy(g.dilations(), 0, t, 14, 3);
        System.arraycopy(g.padBegin(), 0, t, 17, 3);
        System.arraycopy(g.padEnd(), 0, t, 20, 3);
        return t;
    }

    private static boolean all(int[] a, int v) {
        for (int e : a) {
            if (e != v) {
                return false;
            }
        }
        return true;
    }

    static Kernel convTranspose(Prep p, ConvTransposeOps.ConvTranspose op) {
        int[] x = p.shape(0);
        int[] w = p.shape(1);
        if (x.length < 3 || x.length > 5) {
            return null;
        }
        int[] y3 = new int[3];
        ConvOps.Geometry g = op.geometry3d(x, w, y3);
        int m = w[1] * op.group();
        int[] t = geometry(x[1], g.out(), m, g);
        System.arraycopy(y3, 0, t, 5, 3);
        boolean bias = p.present(2);
        ClLaunch.Builder b = p.launch(CONV, "conv_transpose").input(0).input(1);
        bindBias(p, b, bias);
        return b.output(0).i(bias ? 1 : 0).i(op.group()).ints(t).over(OpKernels.size(p.outShape()));
    }

    static Kernel pool(Prep p, PoolOps.Pool op) {
        int[] x = p.shape(0);
        if (op.mode() == PoolOps.Mode.LP || p.node().outputCount() != 1 || x.length < 3 || x.length > 5) {
            return null;
        }
        int[] in3 = new int[3];
        ConvOps.Geometry g = op.geometry3d(x, in3);
        return p.launch(POOL, "pool").input(0).output(0).i(op.mode() == PoolOps.Mode.MAX ? 1 : 0)
                .i(op.includePad() ? 1 : 0).ints(geometry(x[1], in3, x[1], g)).over(OpKernels.size(p.outShape()));
    }

    static Kernel globalPool(Prep p, PoolOps.GlobalPool op) {
        int[] x = p.shape(0);
        if (op.mode() == PoolOps.Mode.LP || x.length < 2) {
            return null;
        }
        int nc = x[0] * x[1];
        int s = OpKernels.size(x) / Math.max(1, nc);
        return p.launch(POOL, "global_pool").input(0).output(0).i(op.mode() == PoolOps.Mode.MAX ? 1 : 0).i(s).over(nc);
    }
}
