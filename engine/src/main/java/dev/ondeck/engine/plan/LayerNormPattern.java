package dev.ondeck.engine.plan;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.ReduceOps;
import dev.ondeck.engine.ops.UnaryOps;
import java.util.Arrays;

/**
 * A LayerNormalization over the last axis written out node by node, as exporters do before opset 17:
 * {@code m = ReduceMean(x); d = Sub(x, m); v = ReduceMean(Pow(d, 2)); y = Div(d, Sqrt(Add(v, eps)))}, then
 * optionally {@code Mul(y, gamma)} and {@code Add(., beta)} with constant gamma and beta over the last axis (either
 * operand order for Add and Mul). It matches only when x is float32 of static shape, eps and the exponent are
 * constant scalars, and every intermediate value is read only by the next node of the pattern ({@code d} by Pow and
 * Div) and is no graph output. The last node is the anchor: it computes the whole pattern from x.
 */
final class LayerNormPattern {
    /** The pattern's nodes in graph order; the last is the anchor. */
    final int[] members;
    /** The slot of x. */
    final int x;
    final double epsilon;
    /** Scale over the last axis, shape [D]; null when the pattern has no Mul. */
    final Tensor gamma;
    /** Shift over the last axis, shape [D]; null when the pattern has no Add after the Mul. */
    final Tensor beta;

    private LayerNormPattern(int[] members, int x, double epsilon, Tensor gamma, Tensor beta) {
        this.members = members;
        this.x = x;
        this.epsilon = epsilon;
        this.gamma = gamma;
        this.beta = beta;
    }

    int anchor() {
        return members[members.length - 1];
    }

    /**
     * The pattern starting at node {@code start} (the first ReduceMean), or null.
     *
     * @param readers how often each slot is read (graph outputs count as readers)
     * @param readerOf the first node reading each slot
     */
    static LayerNormPattern match(ExecutionPlan plan, int start, int[] readers, int[] readerOf) {
        Matcher m = new Matcher(plan, readers, readerOf);
        return m.match(start);
    }

    /** Walks the pattern from its first node, one member at a time. */
    private static final class Matcher {
        private final ExecutionPlan plan;
        private final int[] readers;
        private final int[] readerOf;
        private final int[] members = new int[9];
        private int count;

        Matcher(ExecutionPlan plan, int[] readers, int[] readerOf) {
            this.plan = plan;
            this.readers = readers;
            this.readerOf = readerOf;
        }

        LayerNormPattern match(int start) {
            int[] ins = plan.inputSlots(start);
            if (ins.length == 0 || ins[0] < 0 || !free(start)) {
                return null;
            }
            int x = ins[0];
            TensorType xt = plan.slotType(x);
            if (xt == null || !xt.isStatic() || xt.dtype() != DType.FLOAT || xt.rank() < 1 || !meanOfLastAxis(start, xt.rank())) {
                return null;
            }
            int sub = next(start, ElementwiseOps.Arith.SUB, 1);
            if (sub < 0 || plan.inputSlots(sub)[0] != x || !sameType(out(sub), xt)) {
                return null;
            }
            int d = out(sub);
            int pow = readers[d] == 2 ? readerOf[d] : -1;
            if (pow < 0 || !free(pow) || !arith(pow, ElementwiseOps.Arith.POW) || plan.inputSlots(pow)[0] != d
                    || scalar(plan.inputSlots(pow)[1]) != 2.0) {
                return null;
            }
            add(pow);
            int mean2 = readers[out(pow)] == 1 ? readerOf[out(pow)] : -1;
            if (mean2 < 0 || !free(mean2) || plan.inputSlots(mean2)[0] != out(pow) || !meanOfLastAxis(mean2, xt.rank())) {
                return null;
            }
            add(mean2);
            int eps = next(mean2, ElementwiseOps.Arith.ADD, -1);
            double epsilon = eps < 0 ? Double.NaN : scalar(other(eps, out(mean2)));
            int sqrt = eps < 0 || Double.isNaN(epsilon) ? -1 : nextUnary(eps, UnaryOps.Function.SQRT);
            if (sqrt < 0) {
                return null;
            }
            int div = next(sqrt, ElementwiseOps.Arith.DIV, 1);
            if (div < 0 || plan.inputSlots(div)[0] != d || !sameType(out(div), xt)) {
                return null;
            }
            int last = xt.shape()[xt.rank() - 1];
            int mul = next(div, ElementwiseOps.Arith.MUL, -1);
            Tensor gamma = mul < 0 ? null : overLastAxis(other(mul, out(div)), xt, last);
            if (gamma == null) {
                return new LayerNormPattern(Arrays.copyOf(members, count - (mul < 0 ? 0 : 1)), x, epsilon, null, null);
            }
            int shift = next(mul, ElementwiseOps.Arith.ADD, -1);
            Tensor beta = shift < 0 ? null : overLastAxis(other(shift, out(mul)), xt, last);
            int used = count - (shift >= 0 && beta == null ? 1 : 0);
            return new LayerNormPattern(Arrays.copyOf(members, used), x, epsilon, gamma, beta);
        }

        private void add(int node) {
            members[count++] = node;
        }

        /** A node that is in no fusion yet and writes one value. */
        private boolean free(int node) {
            return !plan.isFolded(node) && plan.fusedInto(node) < 0 && plan.outputSlots(node).length == 1
                    && plan.outputSlots(node)[0] >= 0 && plan.node(node).implicitInputs().length == 0;
        }

        private int out(int node) {
            return plan.outputSlots(node)[0];
        }

        private boolean meanOfLastAxis(int node, int rank) {
            int[] ins = plan.inputSlots(node);
            Tensor axes = ins.length > 1 && ins[1] >= 0 ? plan.constant(ins[1]) : null;
            if (ins.length > 1 && ins[1] >= 0 && axes == null || !ReduceOps.isMeanOfLastAxis(plan.node(node).op(), rank, axes)) {
                return false;
            }
            if (count == 0) {
                add(node);
            }
            return true;
        }

        /**
         * The only reader of {@code node}'s output when it is free and the binary arithmetic {@code kind} reading
         * that output as input {@code input} (-1: either); the reader is added to the members. Else -1.
         */
        private int next(int node, ElementwiseOps.Arith kind, int input) {
            int s = out(node);
            int n = readers[s] == 1 ? readerOf[s] : -1;
            if (n < 0 || !free(n) || !arith(n, kind) || plan.inputSlots(n).length != 2) {
                return -1;
            }
            int[] ins = plan.inputSlots(n);
            if (input >= 0 ? ins[input] != s : ins[0] != s && ins[1] != s || ins[0] == ins[1]) {
                return -1;
            }
            add(n);
            return n;
        }

        private int nextUnary(int node, UnaryOps.Function f) {
            int s = out(node);
            int n = readers[s] == 1 ? readerOf[s] : -1;
            Op op = n < 0 ? null : plan.node(n).op();
            if (n < 0 || !free(n) || !(op instanceof UnaryOps.Unary) || ((UnaryOps.Unary) op).function() != f) {
                return -1;
            }
            add(n);
            return n;
        }

        private boolean arith(int node, ElementwiseOps.Arith kind) {
            Op op = plan.node(node).op();
            return op instanceof ElementwiseOps.Arithmetic && ((ElementwiseOps.Arithmetic) op).kind() == kind
                    && !((ElementwiseOps.Arithmetic) op).legacy();
        }

        /** The input of a two-input node that is not {@code slot}. */
        private int other(int node, int slot) {
            int[] ins = plan.inputSlots(node);
            return ins[0] == slot ? ins[1] : ins[0];
        }

        /** The value of a constant floating one-element slot, or NaN. */
        private double scalar(int slot) {
            Tensor t = slot < 0 ? null : plan.constant(slot);
            return t == null || t.size() != 1 || !t.dtype().isFloating() ? Double.NaN : t.getDouble(0);
        }

        /** A constant float of D elements along the last axis (leading dims 1, rank at most x's), as [D]; else null. */
        private Tensor overLastAxis(int slot, TensorType xt, int last) {
            Tensor t = slot < 0 ? null : plan.constant(slot);
            if (t == null || t.dtype() != DType.FLOAT || t.rank() < 1 || t.rank() > xt.rank() || t.size() != last
                    || t.dim(t.rank() - 1) != last) {
                return null;
            }
            return t.rank() == 1 ? t : t.reshape(last);
        }

        private boolean sameType(int slot, TensorType xt) {
            TensorType t = plan.slotType(slot);
            return t != null && t.isStatic() && t.dtype() == xt.dtype() && Arrays.equals(t.shape(), xt.shape());
        }
    }
}
