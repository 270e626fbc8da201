package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Binary elementwise arithmetic with broadcasting (Add, Sub, Mul, Div, Pow, Mod), PRelu and Where. */
public final class ElementwiseOps {
    private ElementwiseOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Add", 1, n -> new Arithmetic("Add", Arith.ADD, n, true));
        r.register("Add", 7, n -> new Arithmetic("Add", Arith.ADD, n, false));
        r.register("Sub", 1, n -> new Arithmetic("Sub", Arith.SUB, n, true));
        r.register("Sub", 7, n -> new Arithmetic("Sub", Arith.SUB, n, false));
        r.register("Mul", 1, n -> new Arithmetic("Mul", Arith.MUL, n, true));
        r.register("Mul", 7, n -> new Arithmetic("Mul", Arith.MUL, n, false));
        r.register("Div", 1, n -> new Arithmetic("Div", Arith.DIV, n, true));
        r.register("Div", 7, n -> new Arithmetic("Div", Arith.DIV, n, false));
        r.register("Pow", 1, n -> new Arithmetic("Pow", Arith.POW, n, true));
        r.register("Pow", 7, n -> new Arithmetic("Pow", Arith.POW, n, false));
        r.register("Mod", 10, n -> new Arithmetic("Mod", fmod(n) ? Arith.FMOD : Arith.PYMOD, n, false));
        r.register("PRelu", 1, n -> new PRelu(true));
        r.register("PRelu", 7, n -> new PRelu(false));
        r.register("Where", 9, n -> new Where());
    }

    private static boolean fmod(NodeSpec n) {
        long f = n.getInt("fmod", 0);
        if (f != 0 && f != 1) {
            throw n.invalid("Mod fmod must be 0 or 1, found " + f);
        }
        return f == 1;
    }

    /**
     * A two-input op with numpy broadcasting, or, before opset 7, the legacy rule: with {@code broadcast}=1
     * B's shape is aligned with A's at {@code axis} (default: trailing dims); otherwise shapes must be equal.
     */
    abstract static class BinaryOp implements Op {
        final String name;
        final boolean legacy;
        final boolean legacyBroadcast;
        final int legacyAxis;

        BinaryOp(String name, NodeSpec n, boolean legacy) {
            this.name = name;
            this.legacy = legacy;
            this.legacyBroadcast = legacy && n.getInt("broadcast", 0) == 1;
            this.legacyAxis = legacy ? (int) n.getInt("axis", -1) : -1;
        }

        /** The output element type for these input types; throws when they are not accepted. */
        abstract DType outType(DType a, DType b);

        /** Fills {@code y} from {@code a} and {@code b}; index maps are null where shapes equal y's. */
        abstract void compute(Tensor a, Tensor b, Tensor y, int[] ia, int[] ib);

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            DType t = outType(in[0].dtype(), in[1].dtype());
            int[] a = in[0].shape();
            int[] b = in[1].shape();
            int[] y = legacy ? checkLegacy(a, alignedB(a, b)) : Broadcast.shape(a, b);
            return new TensorType[] {TensorType.of(t, y)};
        }

        private int[] checkLegacy(int[] a, int[] b) {
            for (int d = 0; d < a.length; d++) {
                if (b[d] != 1 && b[d] != a[d]) {
                    throw new ShapeException(name + " (broadcast=1, axis=" + legacyAxis + ") cannot align B "
                            + Arrays.toString(b) + " with A " + Arrays.toString(a));
                }
            }
            return a;
        }

        /** B's shape as seen by broadcasting: itself, or under the legacy rule padded to A's rank. */
        int[] alignedB(int[] a, int[] b) {
            if (!legacy || Arrays.equals(a, b)) {
                return b;
            }
            if (!legacyBroadcast) {
                throw new ShapeException(name + " without broadcast=1 needs equal shapes, found "
                        + Arrays.toString(a) + " and " + Arrays.toString(b));
            }
            int axis = legacyAxis < 0 ? a.length - b.length : legacyAxis;
            if (axis < 0 || axis + b.length > a.length) {
                throw new ShapeException(name + " axis " + legacyAxis + " cannot place B " + Arrays.toString(b)
                        + " inside A " + Arrays.toString(a));
            }
            int[] s = new int[a.length];
            Arrays.fill(s, 1);
            System.arraycopy(b, 0, s, axis, b.length);
            return s;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] ys = out[0].shapeView();
            int[] ia = Broadcast.indexMap(in[0].shapeView(), ys);
            int[] ib = Broadcast.indexMap(alignedB(in[0].shapeView(), in[1].shapeView()), ys);
            compute(in[0], in[1], out[0], ia, ib);
        }
    }

    /** The arithmetic kernels; integers wrap to the element width, integer division truncates. */
    /** The arithmetic of {@link Arithmetic}. */
    public enum Arith {
        ADD, SUB, MUL, DIV, POW, FMOD, PYMOD;

        double apply(double a, double b) {
            switch (this) {
                case ADD: return a + b;
                case SUB: return a - b;
                case MUL: return a * b;
                case DIV: return a / b;
                case POW: return Math.pow(a, b);
                case FMOD: return a % b;
                default: {
                    double m = a % b;
                    return m != 0 && (m < 0) != (b < 0) ? m + b : m;
                }
            }
        }

        long apply(long a, long b, boolean u64) {
            switch (this) {
                case ADD: return a + b;
                case SUB: return a - b;
                case MUL: return a * b;
                case DIV: return u64 ? Long.divideUnsigned(a, b) : a / b;
                case POW: return intPow(a, b);
                case FMOD: return u64 ? Long.remainderUnsigned(a, b) : a % b;
                default: return u64 ? Long.remainderUnsigned(a, b) : Math.floorMod(a, b);
            }
        }

        private static long intPow(long base, long exp) {
            if (exp < 0) {
                return (long) Math.pow(base, exp);
            }
            long result = 1;
            long b = base;
            for (long e = exp; e != 0; e >>>= 1) {
                if ((e & 1) != 0) {
                    result *= b;
                }
                b *= b;
            }
            return result;
        }
    }

    /** Add, Sub, Mul, Div, Pow (exponent of any numeric type; output has the base's type) and Mod (fmod). */
    public static final class Arithmetic extends BinaryOp {
        final Arith kind;

        Arithmetic(String name, Arith kind, NodeSpec n, boolean legacy) {
            super(name, n, legacy);
            this.kind = kind;
        }

        public Arith kind() {
            return kind;
        }

        /** True for the opset 1-6 form (broadcast/axis attributes instead of numpy broadcasting). */
        public boolean legacy() {
            return legacy;
        }

        @Override
        DType outType(DType a, DType b) {
            if (a == DType.BOOL || b == DType.BOOL) {
                throw new ShapeException(name + " needs numeric inputs, found " + a + " and " + b);
            }
            if (kind != Arith.POW && a != b) {
                throw new ShapeException(name + " needs equal input types, found " + a + " and " + b);
            }
            if (kind == Arith.PYMOD && a.isFloating()) {
                throw new ShapeException(name + " on " + a + " needs fmod=1, found fmod=0");
            }
            return a;
        }

        @Override
        void compute(Tensor a, Tensor b, Tensor y, int[] ia, int[] ib) {
            int n = y.size();
            if (y.dtype() == DType.FLOAT && b.dtype() == DType.FLOAT) {
                computeFloat(a.floats(), ia, b.floats(), ib, y.floats(), n);
            } else if (y.dtype().isFloating() || b.dtype().isFloating()) {
                for (int i = 0; i < n; i++) {
                    y.setDouble(i, kind.apply(a.getDouble(ia == null ? i : ia[i]), b.getDouble(ib == null ? i : ib[i])));
                }
            } else {
                boolean u64 = y.dtype() == DType.UINT64;
                for (int i = 0; i < n; i++) {
                    y.setLong(i, kind.apply(a.getLong(ia == null ? i : ia[i]), b.getLong(ib == null ? i : ib[i]), u64));
                }
            }
        }

        private void computeFloat(float[] av, int[] ia, float[] bv, int[] ib, float[] yv, int n) {
            switch (kind) {
                case ADD:
                    for (int i = 0; i < n; i++) {
                        yv[i] = av[ia == null ? i : ia[i]] + bv[ib == null ? i : ib[i]];
                    }
                    break;
                case SUB:
                    for (int i = 0; i < n; i++) {
                        yv[i] = av[ia == null ? i : ia[i]] - bv[ib == null ? i : ib[i]];
                    }
                    break;
                case MUL:
                    for (int i = 0; i < n; i++) {
                        yv[i] = av[ia == null ? i : ia[i]] * bv[ib == null ? i : ib[i]];
                    }
                    break;
                case DIV:
                    for (int i = 0; i < n; i++) {
                        yv[i] = av[ia == null ? i : ia[i]] / bv[ib == null ? i : ib[i]];
                    }
                    break;
                default:
                    for (int i = 0; i < n; i++) {
                        yv[i] = (float) kind.apply(av[ia == null ? i : ia[i]], bv[ib == null ? i : ib[i]]);
                    }
            }
        }
    }

    /**
     * PRelu: {@code x < 0 ? slope * x : x}; slope broadcasts to X. Before opset 7 a 1-D slope of X's channel
     * count applies per channel (axis 1).
     */
    static final class PRelu implements Op {
        final boolean legacy;

        PRelu(boolean legacy) {
            this.legacy = legacy;
        }

        private int[] slopeShape(int[] x, int[] s) {
            if (legacy && s.length == 1 && x.length >= 2 && s[0] == x[1] && s[0] != 1) {
                int[] aligned = new int[x.length];
                Arrays.fill(aligned, 1);
                aligned[1] = s[0];
                return aligned;
            }
            return s;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].dtype() != in[1].dtype() || in[0].dtype() == DType.BOOL) {
                throw new ShapeException("PRelu needs numeric X and slope of one type, found " + in[0].dtype()
                        + " and " + in[1].dtype());
            }
            int[] x = in[0].shape();
            int[] s = slopeShape(x, in[1].shape());
            if (!Arrays.equals(Broadcast.shape(x, s), x)) {
                throw new ShapeException("PRelu slope " + Arrays.toString(s) + " must broadcast to X "
                        + Arrays.toString(x));
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), x)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor s = in[1];
            Tensor y = out[0];
            int[] is = Broadcast.indexMap(slopeShape(x.shapeView(), s.shapeView()), x.shapeView());
            int n = y.size();
            if (y.dtype() == DType.FLOAT) {
                float[] xv = x.floats();
                float[] sv = s.floats();
                float[] yv = y.floats();
                for (int i = 0; i < n; i++) {
                    float v = xv[i];
                    yv[i] = v < 0 ? sv[is == null ? i : is[i]] * v : v;
                }
            } else if (y.dtype().isFloating()) {
                for (int i = 0; i < n; i++) {
                    double v = x.getDouble(i);
                    y.setDouble(i, v < 0 ? s.getDouble(is == null ? i : is[i]) * v : v);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    long v = x.getLong(i);
                    y.setLong(i, v < 0 && !y.dtype().isUnsigned() ? s.getLong(is == null ? i : is[i]) * v : v);
                }
            }
        }
    }

    /** Where: {@code condition ? X : Y} with three-way broadcasting; X and Y of any one type. */
    static final class Where implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].dtype() != DType.BOOL) {
                throw new ShapeException("Where condition must be bool, found " + in[0].dtype());
            }
            if (in[1].dtype() != in[2].dtype()) {
                throw new ShapeException("Where needs X and Y of one type, found " + in[1].dtype() + " and " + in[2].dtype());
            }
            return new TensorType[] {TensorType.of(in[1].dtype(), Broadcast.shape(in[0].shape(), in[1].shape(), in[2].shape()))};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            int[] ys = y.shapeView();
            int[] ic = Broadcast.indexMap(in[0].shapeView(), ys);
            int[] ix = Broadcast.indexMap(in[1].shapeView(), ys);
            int[] iy = Broadcast.indexMap(in[2].shapeView(), ys);
            byte[] c = in[0].bytes();
            int n = y.size();
            if (y.dtype() == DType.FLOAT) {
                float[] xv = in[1].floats();
                float[] yv = in[2].floats();
                float[] ov = y.floats();
                for (int i = 0; i < n; i++) {
                    ov[i] = c[ic == null ? i : ic[i]] != 0 ? xv[ix == null ? i : ix[i]] : yv[iy == null ? i : iy[i]];
                }
            } else if (y.dtype().isFloating()) {
                for (int i = 0; i < n; i++) {
                    boolean t = c[ic == null ? i : ic[i]] != 0;
                    y.setDouble(i, t ? in[1].getDouble(ix == null ? i : ix[i]) : in[2].getDouble(iy == null ? i : iy[i]));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    boolean t = c[ic == null ? i : ic[i]] != 0;
                    y.setLong(i, t ? in[1].getLong(ix == null ? i : ix[i]) : in[2].getLong(iy == null ? i : iy[i]));
                }
            }
        }
    }
}
