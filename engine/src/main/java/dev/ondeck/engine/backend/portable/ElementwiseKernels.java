package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ActivationOps;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.SoftmaxOps;
import dev.ondeck.engine.ops.UnaryOps;
import java.util.Arrays;

/**
 * Float32 elementwise kernels on {@link FloatLoops}, in parallel over chunks: unary activations and math, and
 * binary arithmetic where one operand has the output's shape and the other is equal, a scalar, a trailing
 * block (bias over the last dims) or a leading block (one value per channel plane). Other broadcasts and
 * other dtypes run the op's reference code inside the kernel.
 */
final class ElementwiseKernels {
    private static final int MIN_ELEMENTS = IntraOpPool.MIN_TASK_ELEMENTS;
    /** Element ranges start at multiples of a 64-byte cache line of floats. */
    private static final int LINE = 16;

    private ElementwiseKernels() {
    }

    /** The loop function of a unary op, or null when it has none here. */
    static FloatLoops.Unary unaryOf(UnaryOps.Unary op) {
        switch (op.function()) {
            case RELU: return FloatLoops.Unary.RELU;
            case SIGMOID: return FloatLoops.Unary.SIGMOID;
            case TANH: return FloatLoops.Unary.TANH;
            case EXP: return FloatLoops.Unary.EXP;
            case SQRT: return FloatLoops.Unary.SQRT;
            default: return null;
        }
    }

    static Kernel unary(Op op, FloatLoops.Unary f, FloatLoops loops, IntraOpPool pool) {
        return new UnaryKernel(op, f, loops, pool, null);
    }

    /**
     * A unary kernel; a Sigmoid of node input {@code x} absorbs the {@code Mul(x, Sigmoid(x))} after it (either
     * order) and computes SiLU (x * sigmoid(x)) in one pass.
     */
    static Kernel unary(Op op, FloatLoops.Unary f, FloatLoops loops, IntraOpPool pool, String x) {
        return new UnaryKernel(op, f, loops, pool, x);
    }

    private static final class UnaryKernel implements FusingKernel {
        private final Op op;
        private final FloatLoops.Unary f;
        private final FloatLoops loops;
        private final IntraOpPool pool;
        private final String x;

        UnaryKernel(Op op, FloatLoops.Unary f, FloatLoops loops, IntraOpPool pool, String x) {
            this.op = op;
            this.f = f;
            this.loops = loops;
            this.pool = pool;
            this.x = x;
        }

        @Override
        public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
            return null;
        }

        @Override
        public Kernel absorb(Node next, int input, TensorType[] types, Tensor[] constants) {
            boolean mul = next.op() instanceof ElementwiseOps.Arithmetic
                    && ((ElementwiseOps.Arithmetic) next.op()).kind() == ElementwiseOps.Arith.MUL
                    && !((ElementwiseOps.Arithmetic) next.op()).legacy();
            boolean floats = types[input] != null && types[input].dtype() == DType.FLOAT;
            boolean silu = f == FloatLoops.Unary.SIGMOID && x != null && mul && floats && next.inputCount() == 2
                    && next.input(1 - input).equals(x);
            return silu ? new UnaryKernel(op, FloatLoops.Unary.SILU, loops, pool, null) : null;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            if (in[0].dtype() != DType.FLOAT) {
                op.execute(in, out, ctx);
                return;
            }
            float[] xs = in[0].floats();
            float[] y = out[0].floats();
            int n = out[0].size();
            pool.forRange(n, MIN_ELEMENTS, LINE, (lo, hi) -> loops.unary(f, xs, lo, y, lo, hi - lo));
        }
    }

    /** Pow by a constant scalar 2 (numpy broadcasting): x * x, exactly what the reference rounds to. */
    static boolean isSquare(Op op, Tensor[] constants) {
        if (!(op instanceof ElementwiseOps.Arithmetic)) {
            return false;
        }
        ElementwiseOps.Arithmetic a = (ElementwiseOps.Arithmetic) op;
        Tensor e = constants.length > 1 ? constants[1] : null;
        return a.kind() == ElementwiseOps.Arith.POW && !a.legacy() && e != null && e.size() == 1 && e.rank() == 0
                && e.dtype().isFloating() && e.getDouble(0) == 2.0;
    }

    /** Softmax over contiguous rows ({@link FloatLoops#softmaxRows} on each task's rows); strided rows run the reference. */
    static Kernel softmax(SoftmaxOps.Softmax op, FloatLoops loops, IntraOpPool pool) {
        return (in, out, ctx) -> {
            int n = op.contiguousRow(in[0].shapeView());
            if (in[0].dtype() != DType.FLOAT || n <= 0) {
                op.execute(in, out, ctx);
                return;
            }
            float[] x = in[0].floats();
            float[] y = out[0].floats();
            int rows = in[0].size() / n;
            pool.forRange(rows, MIN_ELEMENTS / n, 1, (lo, hi) -> loops.softmaxRows(x, lo * n, y, lo * n, n, hi - lo));
        };
    }

    /** The loop kind of an arithmetic op, or null (Pow, Mod and legacy broadcasting have none). */
    static FloatLoops.Binary binaryOf(ElementwiseOps.Arithmetic op) {
        if (op.legacy()) {
            return null;
        }
        switch (op.kind()) {
            case ADD: return FloatLoops.Binary.ADD;
            case SUB: return FloatLoops.Binary.SUB;
            case MUL: return FloatLoops.Binary.MUL;
            case DIV: return FloatLoops.Binary.DIV;
            default: return null;
        }
    }

    static Kernel binary(Op op, FloatLoops.Binary kind, FloatLoops loops, IntraOpPool pool) {
        return new BinaryKernel(op, kind, loops, pool, false);
    }

    /** Binary arithmetic, optionally followed by an absorbed Relu. */
    private static final class BinaryKernel implements FusingKernel {
        private final Op op;
        private final FloatLoops.Binary kind;
        private final FloatLoops loops;
        private final IntraOpPool pool;
        private final boolean relu;

        BinaryKernel(Op op, FloatLoops.Binary kind, FloatLoops loops, IntraOpPool pool, boolean relu) {
            this.op = op;
            this.kind = kind;
            this.loops = loops;
            this.pool = pool;
            this.relu = relu;
        }

        @Override
        public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
            float[] clamp = clampOf(next, constants);
            boolean isRelu = clamp != null && clamp[0] == 0f && clamp[1] == Float.POSITIVE_INFINITY;
            return relu || !isRelu ? null : new BinaryKernel(op, kind, loops, pool, true);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor a = in[0];
            Tensor b = in[1];
            Tensor y = out[0];
            boolean floats = a.dtype() == DType.FLOAT && b.dtype() == DType.FLOAT;
            if (floats && (Arrays.equals(a.shapeView(), y.shapeView()) && broadcast(kind, a, b, false, y, relu, loops, pool)
                    || Arrays.equals(b.shapeView(), y.shapeView()) && broadcast(kind, b, a, true, y, relu, loops, pool))) {
                return;
            }
            op.execute(in, out, ctx);
            if (relu) {
                float[] yv = y.floats();
                pool.forRange(y.size(), MIN_ELEMENTS, LINE, (lo, hi) -> relu(true, loops, yv, lo, hi));
            }
        }
    }

    /**
     * The bounds [lo, hi] of a node that clamps its float input (Relu, or Clip with constant or absent
     * bounds), or null.
     */
    static float[] clampOf(Node next, Tensor[] constants) {
        Op op = next.op();
        if (op instanceof UnaryOps.Unary && ((UnaryOps.Unary) op).function() == UnaryOps.Function.RELU) {
            return new float[] {0f, Float.POSITIVE_INFINITY};
        }
        if (!(op instanceof ActivationOps.Clip)) {
            return null;
        }
        ActivationOps.Clip clip = (ActivationOps.Clip) op;
        if (!clip.fromInputs()) {
            return new float[] {(float) clip.attrMin(), (float) clip.attrMax()};
        }
        float[] bounds = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (int i = 1; i <= 2 && i < next.inputCount(); i++) {
            if (next.input(i).isEmpty()) {
                continue;
            }
            if (constants[i] == null || constants[i].dtype() != DType.FLOAT) {
                return null;
            }
            bounds[i - 1] = constants[i].floats()[0];
        }
        return bounds;
    }

    /**
     * y = full op other (or other op full when {@code otherFirst}), then clamped at 0 when {@code relu}, each range
     * while it is in cache; {@code full} has y's shape. Returns false when other's shape is none of the handled
     * broadcasts.
     */
    private static boolean broadcast(FloatLoops.Binary kind, Tensor full, Tensor other, boolean otherFirst, Tensor y,
            boolean relu, FloatLoops loops, IntraOpPool pool) {
        float[] f = full.floats();
        float[] o = other.floats();
        float[] yv = y.floats();
        int n = y.size();
        int m = other.size();
        if (m == n && Arrays.equals(other.shapeView(), y.shapeView())) {
            pool.forRange(n, MIN_ELEMENTS, LINE, (lo, hi) -> {
                if (otherFirst) {
                    loops.binary(kind, o, lo, f, lo, yv, lo, hi - lo);
                } else {
                    loops.binary(kind, f, lo, o, lo, yv, lo, hi - lo);
                }
                relu(relu, loops, yv, lo, hi);
            });
            return true;
        }
        if (m == 1 || isLeading(other.shapeView(), y.shapeView())) {
            int inner = n / m;
            pool.forRange(m, MIN_ELEMENTS / Math.max(1, inner), 1, (lo, hi) -> {
                for (int p = lo; p < hi; p++) {
                    loops.binaryScalar(kind, f, p * inner, o[p], otherFirst, yv, p * inner, inner);
                }
                relu(relu, loops, yv, lo * inner, hi * inner);
            });
            return true;
        }
        if (isTrailing(other.shapeView(), y.shapeView())) {
            int rows = n / m;
            pool.forRange(rows, MIN_ELEMENTS / m, 1, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    if (otherFirst) {
                        loops.binary(kind, o, 0, f, r * m, yv, r * m, m);
                    } else {
                        loops.binary(kind, f, r * m, o, 0, yv, r * m, m);
                    }
                }
                relu(relu, loops, yv, lo * m, hi * m);
            });
            return true;
        }
        return false;
    }

    private static void relu(boolean relu, FloatLoops loops, float[] y, int lo, int hi) {
        if (relu) {
            loops.unary(FloatLoops.Unary.RELU, y, lo, y, lo, hi - lo);
        }
    }

    /** Right-aligned, s equals y on a trailing run of dims and is 1 before it: [..., 1, K, L] against [..., N, K, L]. */
    static boolean isTrailing(int[] s, int[] y) {
        int off = y.length - s.length;
        if (off < 0) {
            return false;
        }
        int i = s.length - 1;
        while (i >= 0 && s[i] == y[i + off]) {
            i--;
        }
        for (; i >= 0; i--) {
            if (s[i] != 1) {
                return false;
            }
        }
        return true;
    }

    /** Right-aligned, s equals y on a leading run of dims and is 1 after it: [N, C, 1, 1] against [N, C, H, W]. */
    static boolean isLeading(int[] s, int[] y) {
        int off = y.length - s.length;
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < off; i++) {
            if (y[i] != 1) {
                return false;
            }
        }
        int i = 0;
        while (i < s.length && s[i] == y[i + off]) {
            i++;
        }
        for (; i < s.length; i++) {
            if (s[i] != 1) {
                return false;
            }
        }
        return true;
    }
}
