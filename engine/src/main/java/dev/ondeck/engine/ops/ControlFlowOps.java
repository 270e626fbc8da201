package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Control flow with subgraphs: If, Loop, Scan. Outputs are data dependent, so infer leaves them unknown. */
public final class ControlFlowOps {
    private ControlFlowOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("If", 1, n -> new If(n.requireGraph("then_branch"), n.requireGraph("else_branch"), n));
        r.register("Loop", 1, n -> new Loop(n.requireGraph("body"), n));
        r.register("Scan", 8, n -> new Scan(n.requireGraph("body"), n, true));
        r.register("Scan", 9, n -> new Scan(n.requireGraph("body"), n, false));
    }

    static TensorType[] unknown(int outputCount) {
        return new TensorType[outputCount];
    }

    /** Control-flow ops do no arithmetic themselves: the nodes of their subgraphs are counted where they run. */
    abstract static class ControlFlow implements Op {
        @Override
        public long flops(TensorType[] inputs, TensorType[] outputs) {
            return 0;
        }
    }

    /** If: runs then_branch or else_branch by the boolean condition and returns that branch's outputs. */
    static final class If extends ControlFlow {
        final Graph thenBranch;
        final Graph elseBranch;

        If(Graph thenBranch, Graph elseBranch, NodeSpec n) {
            this.thenBranch = thenBranch;
            this.elseBranch = elseBranch;
            if (thenBranch.outputs().size() != n.outputCount() || elseBranch.outputs().size() != n.outputCount()) {
                throw n.invalid("the node has " + n.outputCount() + " outputs but its branches have " + thenBranch.outputs().size()
                        + " (then) and " + elseBranch.outputs().size() + " (else)");
            }
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].elementCount() != 1) {
                throw new ShapeException("the condition must have one element, found shape " + Arrays.toString(in[0].shape()));
            }
            return unknown(outputCount);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            ctx.checkInterrupted();
            Tensor[] r = ctx.runSubgraph(in[0].getBool(0) ? thenBranch : elseBranch, new Tensor[0]);
            System.arraycopy(r, 0, out, 0, out.length);
        }

        @Override
        public List<Graph> subgraphs() {
            return Arrays.asList(thenBranch, elseBranch);
        }
    }

    /**
     * Loop: runs body(iteration_num, cond, carried...) while i &lt; M (when given) and cond (when given);
     * outputs the final carried values, then each scan output stacked along a new axis 0.
     */
    static final class Loop extends ControlFlow {
        final Graph body;

        Loop(Graph body, NodeSpec n) {
            this.body = body;
            int carried = n.inputCount() - 2;
            if (carried < 0 || body.inputs().size() != carried + 2 || body.outputs().size() != n.outputCount() + 1
                    || n.outputCount() < carried) {
                throw n.invalid("a node with " + n.inputCount() + " inputs and " + n.outputCount() + " outputs needs a body of "
                        + (carried + 2) + " inputs and at least " + (carried + 1) + " outputs, found " + body.inputs().size()
                        + " and " + body.outputs().size());
            }
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            for (int i = 0; i < 2; i++) {
                if (in[i] != null && in[i].elementCount() != 1) {
                    throw new ShapeException("input " + i + " must have one element, found shape " + Arrays.toString(in[i].shape()));
                }
            }
            return unknown(outputCount);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            long max = in[0] == null ? Long.MAX_VALUE : in[0].getLong(0);
            boolean cond = in[1] == null || in[1].getBool(0);
            int n = in.length - 2;
            int k = out.length - n;
            Tensor[] bodyIn = new Tensor[n + 2];
            System.arraycopy(in, 2, bodyIn, 2, n);
            List<List<Tensor>> scans = new ArrayList<>();
            for (int s = 0; s < k; s++) {
                scans.add(new ArrayList<>());
            }
            for (long i = 0; i < max && cond; i++) {
                ctx.checkInterrupted();
                bodyIn[0] = Tensor.scalar(i);
                bodyIn[1] = Tensor.ofBools(new boolean[] {cond});
                Tensor[] r = ctx.runSubgraph(body, bodyIn);
                cond = r[0].getBool(0);
                System.arraycopy(r, 1, bodyIn, 2, n);
                for (int s = 0; s < k; s++) {
                    scans.get(s).add(r[1 + n + s]);
                }
            }
            for (int c = 0; c < n; c++) {
                out[c] = bodyIn[2 + c] == in[2 + c] ? in[2 + c].copy() : bodyIn[2 + c];
            }
            for (int s = 0; s < k; s++) {
                List<Tensor> elems = scans.get(s);
                out[n + s] = elems.isEmpty() ? emptyStack(body.outputs().get(1 + n + s).type(), 0)
                        : stack(elems.toArray(new Tensor[0]), elems.size(), 0, false);
            }
        }

        @Override
        public List<Graph> subgraphs() {
            return Collections.singletonList(body);
        }
    }

    /** A zero tensor of shape {@code leading} + the body's declared element dims (unknown ones 0), for scans without elements. */
    static Tensor emptyStack(TensorType declared, int... leading) {
        DType t = declared == null ? DType.FLOAT : declared.dtype();
        int[] es = declared == null || !declared.hasRank() ? new int[0] : declared.shape();
        int[] shape = Arrays.copyOf(leading, leading.length + es.length);
        for (int i = 0; i < es.length; i++) {
            shape[leading.length + i] = Math.max(es[i], 0);
        }
        return Tensor.allocate(t, shape);
    }

    /** Element {@code index} of {@code t} along {@code axis}, with that axis removed. */
    static Tensor slice(Tensor t, int axis, int index) {
        int[] s = t.shapeView();
        int outer = 1;
        int inner = 1;
        int[] shape = new int[s.length - 1];
        for (int i = 0; i < s.length; i++) {
            if (i < axis) {
                outer *= s[i];
            } else if (i > axis) {
                inner *= s[i];
            }
            if (i != axis) {
                shape[i < axis ? i : i - 1] = s[i];
            }
        }
        Tensor out = Tensor.allocate(t.dtype(), shape);
        for (int o = 0; o < outer; o++) {
            out.copyFrom(t, (o * s[axis] + index) * inner, o * inner, inner);
        }
        return out;
    }

    /**
     * Stacks {@code elems} (equal shapes; null entries stay zero, at least one is not null) along a new axis of
     * length {@code count} (at least elems.length; the rest stays zero), element i at position i, or count-1-i
     * when {@code reverse}.
     */
    static Tensor stack(Tensor[] elems, int count, int axis, boolean reverse) {
        Tensor first = null;
        for (Tensor e : elems) {
            first = first == null ? e : first;
            if (e != null && (!Arrays.equals(e.shapeView(), first.shapeView()) || e.dtype() != first.dtype())) {
                throw new ShapeException("scan output elements must agree in type and shape, found " + first.dtype()
                        + Arrays.toString(first.shapeView()) + " and " + e.dtype() + Arrays.toString(e.shapeView()));
            }
        }
        int[] es = first.shapeView();
        int[] shape = new int[es.length + 1];
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = i < axis ? es[i] : i == axis ? count : es[i - 1];
            outer *= i < axis ? es[i] : 1;
            inner *= i > axis ? es[i - 1] : 1;
        }
        Tensor out = Tensor.allocate(first.dtype(), shape);
        for (int e = 0; e < elems.length; e++) {
            int pos = reverse ? count - 1 - e : e;
            for (int o = 0; o < outer && elems[e] != null; o++) {
                out.copyFrom(elems[e], o * inner, (o * count + pos) * inner, inner);
            }
        }
        return out;
    }

    /**
     * Scan: runs body(state..., slices...) once per position of the scan inputs, carrying state and stacking
     * scan outputs. Opset 8: batch axis 0 with optional sequence_lens and {@code directions}; opset 9+:
     * scan_input_axes, scan_input_directions, scan_output_axes, scan_output_directions.
     */
    static final class Scan extends ControlFlow {
        final Graph body;
        final boolean batched;
        final int scanInputs;
        final int states;
        final int[] inAxes;
        final boolean[] inReverse;
        final int[] outAxes;
        final boolean[] outReverse;

        Scan(Graph body, NodeSpec n, boolean batched) {
            this.body = body;
            this.batched = batched;
            this.scanInputs = (int) n.requireInt("num_scan_inputs");
            this.states = n.inputCount() - (batched ? 1 : 0) - scanInputs;
            int scanOutputs = n.outputCount() - states;
            if (states < 0 || scanOutputs < 0 || body.inputs().size() != states + scanInputs
                    || body.outputs().size() != n.outputCount()) {
                throw n.invalid("a node with " + n.inputCount() + " inputs, " + n.outputCount() + " outputs and num_scan_inputs "
                        + scanInputs + " does not fit a body of " + body.inputs().size() + " inputs and "
                        + body.outputs().size() + " outputs");
            }
            this.inAxes = ints(n, "scan_input_axes", scanInputs, 0);
            this.inReverse = flags(n, batched ? "directions" : "scan_input_directions", scanInputs);
            this.outAxes = ints(n, "scan_output_axes", scanOutputs, 0);
            this.outReverse = flags(n, "scan_output_directions", scanOutputs);
        }

        private static int[] ints(NodeSpec n, String attr, int count, int dflt) {
            long[] v = n.getInts(attr, null);
            if (v != null && v.length != count) {
                throw n.invalid(attr + " needs " + count + " entries, found " + v.length);
            }
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = v == null ? dflt : (int) v[i];
            }
            return out;
        }

        private static boolean[] flags(NodeSpec n, String attr, int count) {
            int[] v = ints(n, attr, count, 0);
            boolean[] out = new boolean[count];
            for (int i = 0; i < count; i++) {
                out[i] = v[i] != 0;
            }
            return out;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int first = (batched ? 1 : 0) + states;
            for (int j = 0; j < scanInputs; j++) {
                int rank = in[first + j].rank();
                int axis = batched ? 1 : inAxes[j];
                if (axis < -rank || axis >= rank) {
                    throw new ShapeException("input " + (first + j) + " of rank " + rank + " has no axis " + axis);
                }
            }
            return unknown(outputCount);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            if (batched) {
                executeBatched(in, out, ctx);
                return;
            }
            Tensor[] st = Arrays.copyOfRange(in, 0, states);
            Tensor[] xs = Arrays.copyOfRange(in, states, states + scanInputs);
            int[] axes = new int[scanInputs];
            for (int j = 0; j < scanInputs; j++) {
                axes[j] = inAxes[j] < 0 ? inAxes[j] + xs[j].rank() : inAxes[j];
            }
            int len = sequenceLength(xs, axes);
            Tensor[][] elems = run(ctx, st, xs, axes, len);
            System.arraycopy(st, 0, out, 0, states);
            for (int k = 0; k < out.length - states; k++) {
                Tensor[] e = elems[k];
                int rank = len == 0 ? 1 : e[0].rank() + 1;
                int axis = outAxes[k] < 0 ? outAxes[k] + rank : outAxes[k];
                if (axis < 0 || axis >= rank) {
                    throw new ShapeException("scan_output_axes[" + k + "] is " + outAxes[k] + ", expected -" + rank + ".." + (rank - 1));
                }
                out[states + k] = len == 0 ? emptyStack(body.outputs().get(states + k).type(), 0) : stack(e, len, axis, outReverse[k]);
            }
        }

        private int sequenceLength(Tensor[] xs, int[] axes) {
            int len = xs.length == 0 ? 0 : xs[0].dim(axes[0]);
            for (int j = 1; j < xs.length; j++) {
                if (xs[j].dim(axes[j]) != len) {
                    throw new ShapeException("scan inputs disagree on the sequence length: " + len + " and " + xs[j].dim(axes[j]));
                }
            }
            return len;
        }

        /** Runs {@code len} steps, updating {@code st} in place; returns the scan output elements per output. */
        private Tensor[][] run(ExecContext ctx, Tensor[] st, Tensor[] xs, int[] axes, int len) {
            int k = body.outputs().size() - states;
            Tensor[][] elems = new Tensor[k][len];
            Tensor[] bodyIn = new Tensor[states + scanInputs];
            for (int t = 0; t < len; t++) {
                ctx.checkInterrupted();
                System.arraycopy(st, 0, bodyIn, 0, states);
                for (int j = 0; j < scanInputs; j++) {
                    bodyIn[states + j] = slice(xs[j], axes[j], inReverse[j] ? len - 1 - t : t);
                }
                Tensor[] r = ctx.runSubgraph(body, bodyIn);
                System.arraycopy(r, 0, st, 0, states);
                for (int o = 0; o < k; o++) {
                    elems[o][t] = r[states + o];
                }
            }
            for (int s = 0; s < states && len == 0; s++) {
                st[s] = st[s].copy();
            }
            return elems;
        }

        /** Opset 8: every input has a batch axis 0; scan inputs scan axis 1, up to sequence_lens[b] steps. */
        private void executeBatched(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int batch = in[1].dim(0);
            int full = scanInputs == 0 ? 0 : in[1 + states].dim(1);
            int k = out.length - states;
            Tensor[][] finalStates = new Tensor[states][batch];
            Tensor[][] scanOut = new Tensor[k][batch];
            int[] axes = new int[scanInputs];
            for (int b = 0; b < batch; b++) {
                Tensor[] st = new Tensor[states];
                Tensor[] xs = new Tensor[scanInputs];
                for (int s = 0; s < states; s++) {
                    st[s] = slice(in[1 + s], 0, b);
                }
                for (int j = 0; j < scanInputs; j++) {
                    xs[j] = slice(in[1 + states + j], 0, b);
                }
                int len = in[0] == null ? full : (int) in[0].getLong(b);
                if (len < 0 || len > full) {
                    throw new ShapeException("sequence_lens[" + b + "] is " + len + ", expected 0.." + full);
                }
                Tensor[][] elems = run(ctx, st, xs, axes, len);
                for (int s = 0; s < states; s++) {
                    finalStates[s][b] = st[s];
                }
                for (int o = 0; o < k; o++) {
                    scanOut[o][b] = len == 0 ? null : stack(Arrays.copyOf(elems[o], len), full, 0, false);
                }
            }
            for (int s = 0; s < states; s++) {
                out[s] = stack(finalStates[s], batch, 0, false);
            }
            for (int o = 0; o < k; o++) {
                boolean none = Arrays.asList(scanOut[o]).stream().allMatch(t -> t == null);
                out[states + o] = none ? emptyStack(body.outputs().get(states + o).type(), batch, full) : stack(scanOut[o], batch, 0, false);
            }
        }

        @Override
        public List<Graph> subgraphs() {
            return Collections.singletonList(body);
        }
    }
}
