package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/** Unary math: BitwiseNot, Abs, Neg, Exp, Log, Sqrt, Reciprocal, Floor, Ceil, Round, Sign, trig and hyperbolic functions, Erf, IsNaN, IsInf, Not. */
public final class UnaryOps {
    private UnaryOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Abs", 1, n -> new Unary(Function.ABS, Math::abs, Math::abs, x -> x));
        r.register("Neg", 1, n -> new Unary(Function.NEG, x -> -x, x -> -x, null));
        r.register("Sign", 9, n -> new Unary(Function.SIGN, Math::signum, Long::signum, x -> x != 0 ? 1 : 0));
        r.register("Exp", 1, n -> Unary.ofFloat(Function.EXP, Math::exp));
        r.register("Log", 1, n -> Unary.ofFloat(Function.LOG, Math::log));
        r.register("Sqrt", 1, n -> Unary.ofFloat(Function.SQRT, Math::sqrt));
        r.register("Reciprocal", 1, n -> Unary.ofFloat(Function.RECIPROCAL, x -> 1 / x));
        r.register("Floor", 1, n -> Unary.ofFloat(Function.FLOOR, Math::floor));
        r.register("Ceil", 1, n -> Unary.ofFloat(Function.CEIL, Math::ceil));
        r.register("Round", 11, n -> Unary.ofFloat(Function.ROUND, Math::rint));
        r.register("Sin", 7, n -> Unary.ofFloat(Function.SIN, Math::sin));
        r.register("Cos", 7, n -> Unary.ofFloat(Function.COS, Math::cos));
        r.register("Tan", 7, n -> Unary.ofFloat(Function.TAN, Math::tan));
        r.register("Asin", 7, n -> Unary.ofFloat(Function.ASIN, Math::asin));
        r.register("Acos", 7, n -> Unary.ofFloat(Function.ACOS, Math::acos));
        r.register("Atan", 7, n -> Unary.ofFloat(Function.ATAN, Math::atan));
        r.register("Sinh", 9, n -> Unary.ofFloat(Function.SINH, Math::sinh));
        r.register("Cosh", 9, n -> Unary.ofFloat(Function.COSH, Math::cosh));
        r.register("Asinh", 9, n -> Unary.ofFloat(Function.ASINH, UnaryOps::asinh));
        r.register("Acosh", 9, n -> Unary.ofFloat(Function.ACOSH, UnaryOps::acosh));
        r.register("Atanh", 9, n -> Unary.ofFloat(Function.ATANH, x -> 0.5 * Math.log1p(2 * x / (1 - x))));
        r.register("Erf", 9, n -> Unary.ofFloat(Function.ERF, UnaryOps::erf));
        r.register("IsNaN", 9, n -> new FloatTest("IsNaN", Double::isNaN));
        r.register("IsInf", 10, UnaryOps::isInf);
        r.register("Not", 1, n -> new Not());
        r.register("BitwiseNot", 18, n -> new Unary(Function.BITWISE_NOT, null, x -> ~x, x -> ~x));
    }

    private static FloatTest isInf(NodeSpec n) {
        boolean neg = n.getInt("detect_negative", 1) != 0;
        boolean pos = n.getInt("detect_positive", 1) != 0;
        return new FloatTest("IsInf", x -> (pos && x == Double.POSITIVE_INFINITY) || (neg && x == Double.NEGATIVE_INFINITY));
    }

    private static final double LN2 = Math.log(2);

    private static double asinh(double x) {
        double a = Math.abs(x);
        return Math.copySign(a > 1e8 ? Math.log(a) + LN2 : Math.log1p(a + a * a / (1 + Math.sqrt(a * a + 1))), x);
    }

    private static double acosh(double x) {
        return x > 1e8 ? Math.log(x) + LN2 : Math.log(x + Math.sqrt(x * x - 1));
    }

    /** The error function, accurate to a few ulps: a positive series times exp(-x^2); +-1 beyond |x| = 6. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 6) {
            return Math.copySign(1.0, x);
        }
        double x2 = ax * ax;
        double term = ax;
        double sum = ax;
        for (int k = 1; term > 1e-17 * sum; k++) {
            term *= 2 * x2 / (2 * k + 1);
            sum += term;
        }
        return Math.copySign(2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum, x);
    }

    /** The function a {@link Unary} computes: typed identity for backends, a display name for messages. */
    public enum Function {
        ABS("Abs"),
        ACOS("Acos"),
        ACOSH("Acosh"),
        ASIN("Asin"),
        ASINH("Asinh"),
        ATAN("Atan"),
        ATANH("Atanh"),
        BITWISE_NOT("BitwiseNot"),
        CEIL("Ceil"),
        CELU("Celu"),
        COS("Cos"),
        COSH("Cosh"),
        ELU("Elu"),
        ERF("Erf"),
        EXP("Exp"),
        FLOOR("Floor"),
        GELU("Gelu"),
        HARD_SIGMOID("HardSigmoid"),
        HARD_SWISH("HardSwish"),
        LEAKY_RELU("LeakyRelu"),
        LOG("Log"),
        MISH("Mish"),
        NEG("Neg"),
        RECIPROCAL("Reciprocal"),
        RELU("Relu"),
        ROUND("Round"),
        SELU("Selu"),
        SHRINK("Shrink"),
        SIGMOID("Sigmoid"),
        SIGN("Sign"),
        SIN("Sin"),
        SINH("Sinh"),
        SOFTPLUS("Softplus"),
        SOFTSIGN("Softsign"),
        SQRT("Sqrt"),
        TAN("Tan"),
        TANH("Tanh"),
        THRESHOLDED_RELU("ThresholdedRelu");

        private final String displayName;

        Function(String displayName) {
            this.displayName = displayName;
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    /**
     * A unary elementwise function: floating types through {@code f} (float32 loops over the float array),
     * integer types through {@code onInt} (signed) or {@code onUnsigned}; types whose function is null are refused.
     */
    public static final class Unary implements Op {
        final Function function;
        final DoubleUnaryOperator f;
        final LongUnaryOperator onInt;
        final LongUnaryOperator onUnsigned;
        private double[] parameters = new double[0];

        Unary(Function function, DoubleUnaryOperator f, LongUnaryOperator onInt, LongUnaryOperator onUnsigned) {
            this.function = function;
            this.f = f;
            this.onInt = onInt;
            this.onUnsigned = onUnsigned;
        }

        /** The function it computes. */
        public Function function() {
            return function;
        }

        /** A function of floating types only, with its attribute values (e.g. LeakyRelu's alpha). */
        static Unary ofFloat(Function function, DoubleUnaryOperator f, double... parameters) {
            Unary u = new Unary(function, f, null, null);
            u.parameters = parameters.clone();
            return u;
        }

        /** The function's attribute values in ONNX order (LeakyRelu: alpha; HardSigmoid: alpha, beta; most: none). */
        public double[] parameters() {
            return parameters.clone();
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            DType t = in[0].dtype();
            boolean ok = (t.isFloating() && f != null) || (t.isInteger() && (t.isUnsigned() ? onUnsigned : onInt) != null);
            if (!ok) {
                throw new ShapeException(function + " does not accept " + t + " input");
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            int n = y.size();
            if (x.dtype() == DType.FLOAT) {
                float[] xv = x.floats();
                float[] yv = y.floats();
                for (int i = 0; i < n; i++) {
                    yv[i] = (float) f.applyAsDouble(xv[i]);
                }
            } else if (x.dtype() == DType.DOUBLE) {
                double[] xv = x.doubles();
                double[] yv = y.doubles();
                for (int i = 0; i < n; i++) {
                    yv[i] = f.applyAsDouble(xv[i]);
                }
            } else {
                LongUnaryOperator g = x.dtype().isUnsigned() ? onUnsigned : onInt;
                for (int i = 0; i < n; i++) {
                    y.setLong(i, g.applyAsLong(x.getLong(i)));
                }
            }
        }
    }

    /** IsNaN, IsInf (detect_negative, detect_positive): a bool test of each floating element. */
    static final class FloatTest implements Op {
        final String name;
        final DoublePredicate test;

        FloatTest(String name, DoublePredicate test) {
            this.name = name;
            this.test = test;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (!in[0].dtype().isFloating()) {
                throw new ShapeException(name + " needs a floating input, found " + in[0].dtype());
            }
            return new TensorType[] {TensorType.of(DType.BOOL, in[0].shape())};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            byte[] yv = out[0].bytes();
            int n = out[0].size();
            for (int i = 0; i < n; i++) {
                yv[i] = (byte) (test.test(in[0].getDouble(i)) ? 1 : 0);
            }
        }
    }

    /** Not: logical negation of a bool tensor. */
    static final class Not implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].dtype() != DType.BOOL) {
                throw new ShapeException("Not needs a bool input, found " + in[0].dtype());
            }
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            byte[] x = in[0].bytes();
            byte[] y = out[0].bytes();
            int n = out[0].size();
            for (int i = 0; i < n; i++) {
                y[i] = (byte) (x[i] ^ 1);
            }
        }
    }
}
