package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import java.util.function.LongBinaryOperator;

/** Comparisons (bool output), logical And/Or/Xor, BitwiseAnd/Or/Xor/Not and BitShift, with broadcasting. */
public final class LogicOps {
    private LogicOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Equal", 1, n -> new Compare("Equal", Cmp.EQ, n, true));
        r.register("Equal", 7, n -> new Compare("Equal", Cmp.EQ, n, false));
        r.register("Greater", 1, n -> new Compare("Greater", Cmp.GT, n, true));
        r.register("Greater", 7, n -> new Compare("Greater", Cmp.GT, n, false));
        r.register("Less", 1, n -> new Compare("Less", Cmp.LT, n, true));
        r.register("Less", 7, n -> new Compare("Less", Cmp.LT, n, false));
        r.register("GreaterOrEqual", 12, n -> new Compare("GreaterOrEqual", Cmp.GE, n, false));
        r.register("LessOrEqual", 12, n -> new Compare("LessOrEqual", Cmp.LE, n, false));
        r.register("And", 1, n -> new Bits("And", Domain.BOOL, (a, b) -> a & b, n, true));
        r.register("And", 7, n -> new Bits("And", Domain.BOOL, (a, b) -> a & b, n, false));
        r.register("Or", 1, n -> new Bits("Or", Domain.BOOL, (a, b) -> a | b, n, true));
        r.register("Or", 7, n -> new Bits("Or", Domain.BOOL, (a, b) -> a | b, n, false));
        r.register("Xor", 1, n -> new Bits("Xor", Domain.BOOL, (a, b) -> a ^ b, n, true));
        r.register("Xor", 7, n -> new Bits("Xor", Domain.BOOL, (a, b) -> a ^ b, n, false));
        r.register("BitwiseAnd", 18, n -> new Bits("BitwiseAnd", Domain.INTEGER, (a, b) -> a & b, n, false));
        r.register("BitwiseOr", 18, n -> new Bits("BitwiseOr", Domain.INTEGER, (a, b) -> a | b, n, false));
        r.register("BitwiseXor", 18, n -> new Bits("BitwiseXor", Domain.INTEGER, (a, b) -> a ^ b, n, false));
        r.register("BitShift", 11, n -> new Bits("BitShift", Domain.UNSIGNED, shift(n), n, false));
    }

    private static LongBinaryOperator shift(NodeSpec n) {
        String direction = n.getString("direction", "");
        if (direction.equals("LEFT")) {
            return (a, b) -> b < 0 || b >= 64 ? 0 : a << b;
        }
        if (direction.equals("RIGHT")) {
            return (a, b) -> b < 0 || b >= 64 ? 0 : a >>> b;
        }
        throw n.invalid("BitShift direction must be LEFT or RIGHT, found '" + direction + "'");
    }

    /** The comparison relations; NaN compares false. */
    enum Cmp {
        EQ, GT, GE, LT, LE;

        boolean test(double a, double b) {
            switch (this) {
                case EQ: return a == b;
                case GT: return a > b;
                case GE: return a >= b;
                case LT: return a < b;
                default: return a <= b;
            }
        }

        boolean test(long a, long b) {
            switch (this) {
                case EQ: return a == b;
                case GT: return a > b;
                case GE: return a >= b;
                case LT: return a < b;
                default: return a <= b;
            }
        }
    }

    /** Equal, Greater, GreaterOrEqual, Less, LessOrEqual: bool output; inputs of one type (uint64 unsigned). */
    static final class Compare extends ElementwiseOps.BinaryOp {
        final Cmp kind;

        Compare(String name, Cmp kind, NodeSpec n, boolean legacy) {
            super(name, n, legacy);
            this.kind = kind;
        }

        @Override
        DType outType(DType a, DType b) {
            if (a != b) {
                throw new ShapeException(name + " needs equal input types, found " + a + " and " + b);
            }
            return DType.BOOL;
        }

        @Override
        void compute(Tensor a, Tensor b, Tensor y, int[] ia, int[] ib) {
            byte[] yv = y.bytes();
            int n = y.size();
            if (a.dtype() == DType.FLOAT) {
                float[] av = a.floats();
                float[] bv = b.floats();
                for (int i = 0; i < n; i++) {
                    yv[i] = (byte) (kind.test(av[ia == null ? i : ia[i]], bv[ib == null ? i : ib[i]]) ? 1 : 0);
                }
            } else if (a.dtype().isFloating()) {
                for (int i = 0; i < n; i++) {
                    yv[i] = (byte) (kind.test(a.getDouble(ia == null ? i : ia[i]), b.getDouble(ib == null ? i : ib[i])) ? 1 : 0);
                }
            } else {
                long flip = a.dtype() == DType.UINT64 ? Long.MIN_VALUE : 0;
                for (int i = 0; i < n; i++) {
                    long x = a.getLong(ia == null ? i : ia[i]) ^ flip;
                    yv[i] = (byte) (kind.test(x, b.getLong(ib == null ? i : ib[i]) ^ flip) ? 1 : 0);
                }
            }
        }
    }

    /** Which element types a bit op accepts. */
    enum Domain {
        BOOL, INTEGER, UNSIGNED;

        boolean accepts(DType t) {
            switch (this) {
                case BOOL: return t == DType.BOOL;
                case INTEGER: return t.isInteger();
                default: return t.isUnsigned();
            }
        }
    }

    /**
     * Logical And/Or/Xor (bool), BitwiseAnd/Or/Xor (integers) and BitShift (unsigned, {@code direction}):
     * a bit operation on two inputs of one type, result wrapped to that type.
     */
    static final class Bits extends ElementwiseOps.BinaryOp {
        final Domain domain;
        final LongBinaryOperator f;

        Bits(String name, Domain domain, LongBinaryOperator f, NodeSpec n, boolean legacy) {
            super(name, n, legacy);
            this.domain = domain;
            this.f = f;
        }

        @Override
        DType outType(DType a, DType b) {
            if (a != b || !domain.accepts(a)) {
                throw new ShapeException(name + " needs two " + domain.name().toLowerCase(java.util.Locale.ROOT)
                        + " inputs of one type, found " + a + " and " + b);
            }
            return a;
        }

        @Override
        void compute(Tensor a, Tensor b, Tensor y, int[] ia, int[] ib) {
            int n = y.size();
            for (int i = 0; i < n; i++) {
                y.setLong(i, f.applyAsLong(a.getLong(ia == null ? i : ia[i]), b.getLong(ib == null ? i : ib[i])));
            }
        }
    }
}
