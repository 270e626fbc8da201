package dev.ondeck.backend.opencl;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ActivationOps;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.UnaryOps;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** Add, Sub, Mul, Div with numpy broadcasting; activations and other unary functions; Clip. */
final class ElementwiseLaunches {
    private static final String FILE = "elementwise.cl";
    private static final Set<ElementwiseOps.Arith> BINARY = EnumSet.of(ElementwiseOps.Arith.ADD,
            ElementwiseOps.Arith.SUB, ElementwiseOps.Arith.MUL, ElementwiseOps.Arith.DIV);
    private static final Set<UnaryOps.Function> UNARY = EnumSet.of(UnaryOps.Function.RELU, UnaryOps.Function.SIGMOID,
            UnaryOps.Function.TANH, UnaryOps.Function.LEAKY_RELU, UnaryOps.Function.HARD_SIGMOID,
            UnaryOps.Function.HARD_SWISH, UnaryOps.Function.ABS, UnaryOps.Function.NEG, UnaryOps.Function.EXP,
            UnaryOps.Function.SQRT);

    private ElementwiseLaunches() {
    }

    static Kernel binary(Prep p, ElementwiseOps.Arithmetic op) {
        if (!BINARY.contains(op.kind()) || op.legacy()) {
            return null;
        }
        String opt = "-DOP_" + op.kind().name();
        int[] y = p.outShape();
        int[] a = p.shape(0);
        int[] b = p.shape(1);
        int n = OpKernels.size(y);
        boolean aFull = Arrays.equals(a, y);
        boolean bFull = Arrays.equals(b, y);
        if ((aFull || OpKernels.size(a) == 1) && (bFull || OpKernels.size(b) == 1)) {
            return p.launch(FILE, "binary_flat", opt).input(0).input(1).output(0)
                    .i(aFull ? 1 : 0).i(bFull ? 1 : 0).over(n);
        }
        int r = y.length;
        int[] meta = new int[1 + 3 * r];
        meta[0] = r;
        System.arraycopy(y, 0, meta, 1, r);
        broadcastStrides(a, y, meta, 1 + r);
        broadcastStrides(b, y, meta, 1 + 2 * r);
        return p.launch(FILE, "binary_broadcast", opt).input(0).input(1).output(0).ints(meta).over(n);
    }

    /** Writes the strides of {@code s} read as {@code out} (0 along broadcast dims) into {@code meta} at {@code at}. */
    private static void broadcastStrides(int[] s, int[] out, int[] meta, int at) {
        int r = out.length;
        int stride = 1;
        for (int d = r - 1; d >= 0; d--) {
            int sd = d - (r - s.length);
            int dim = sd >= 0 ? s[sd] : 1;
            meta[at + d] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
    }

    static Kernel unary(Prep p, UnaryOps.Unary op) {
        if (!UNARY.contains(op.function())) {
            return null;
        }
        double[] params = op.parameters();
        float p0 = params.length > 0 ? (float) params[0] : 0f;
        float p1 = params.length > 1 ? (float) params[1] : 0f;
        return p.launch(FILE, "unary", "-DFN_" + op.function().name()).input(0).output(0).f(p0).f(p1)
                .over(OpKernels.size(p.outShape()));
    }

    /** Clip with bounds from attributes, or from constant inputs (absent bounds do not clip). */
    static Kernel clip(Prep p, ActivationOps.Clip op) {
        if (p.in()[0].dtype() != DType.FLOAT) {
            return null;
        }
        float lo = (float) op.attrMin();
        float hi = (float) op.attrMax();
        if (op.fromInputs()) {
            Float l = bound(p, 1, Float.NEGATIVE_INFINITY);
            Float h = bound(p, 2, Float.POSITIVE_INFINITY);
            if (l == null || h == null) {
                return clipFromTensors(p);
            }
            lo = l;
            hi = h;
        }
        return p.launch(FILE, "unary", "-DFN_CLIP").input(0).output(0).f(lo).f(hi).over(OpKernels.size(p.outShape()));
    }

    /** Clip whose float bounds are known only at execute time: the kernel reads them from device buffers. */
    private static Kernel clipFromTensors(Prep p) {
        ClLaunch.Builder b = p.launch(FILE, "clip_bounds").input(0);
        for (int i = 1; i < 3; i++) {
            if (p.present(i)) {
                if (p.in()[i].dtype() != DType.FLOAT) {
                    return null;
                }
                b.input(i);
            } else {
                b.absent();
            }
        }
        return b.output(0).i(p.present(1) ? 1 : 0).i(p.present(2) ? 1 : 0).over(OpKernels.size(p.outShape()));
    }

    /** A bound input's constant value, {@code absent} when not given, null when it is not a float constant. */
    private static Float bound(Prep p, int i, float absent) {
        if (!p.present(i)) {
            return absent;
        }
        Tensor c = p.constants()[i];
        return c == null || c.dtype() != DType.FLOAT || c.size() != 1 ? null : c.floats()[0];
    }
}
