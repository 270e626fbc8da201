package dev.ondeck.engine.runtime;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-node argument arrays and output buffers of a plan, kept between runs so that the interpreter loop
 * allocates nothing for nodes whose shapes repeat. A node whose input tensors are the very objects of the
 * last run (or have the same shapes) reuses its outputs without running shape inference again.
 * A plan's cache serves one execution at a time (sessions are single-threaded).
 */
final class BufferCache {
    private static final Map<ExecutionPlan, BufferCache> CACHES = new WeakHashMap<>();
    private final ExecutionPlan plan;
    private final Tensor[][] inputArrays;
    private final Tensor[][] lastInputs;
    private final Tensor[][] outputs;
    private final boolean[] shapesRepeat;

    private BufferCache(ExecutionPlan plan) {
        this.plan = plan;
        int nodes = plan.nodeCount();
        this.inputArrays = new Tensor[nodes][];
        this.lastInputs = new Tensor[nodes][];
        this.outputs = new Tensor[nodes][];
        this.shapesRepeat = new boolean[nodes];
        for (int n = 0; n < nodes; n++) {
            inputArrays[n] = new Tensor[plan.inputSlots(n).length];
            lastInputs[n] = new Tensor[plan.inputSlots(n).length];
            boolean known = true;
            for (int s : plan.outputSlots(n)) {
                known &= s < 0 || (plan.slotType(s) != null && plan.slotType(s).isStatic());
            }
            shapesRepeat[n] = known && plan.node(n).op().subgraphs().isEmpty();
        }
    }

    static synchronized BufferCache of(ExecutionPlan plan) {
        return CACHES.computeIfAbsent(plan, BufferCache::new);
    }

    /** The reusable input argument array of node {@code n}. */
    Tensor[] inputArray(int n) {
        return inputArrays[n];
    }

    /** The output array for node {@code n}: preallocated buffers, or null entries for data-dependent outputs. */
    Tensor[] outputsFor(int n, Tensor[] inputs) {
        Tensor[] cached = outputs[n];
        if (shapesRepeat[n] && cached != null && sameInputs(n, inputs)) {
            return cached;
        }
        Node node = plan.node(n);
        TensorType[] types = Execution.inferAtRun(node, inputs);
        Tensor[] outs = new Tensor[node.outputCount()];
        for (int o = 0; o < outs.length; o++) {
            TensorType t = o < types.length ? types[o] : null;
            if (t == null || !t.isStatic()) {
                continue;
            }
            Tensor prev = cached == null ? null : cached[o];
            if (prev != null && prev.dtype() == t.dtype() && Arrays.equals(prev.shapeView(), t.shape())) {
                outs[o] = prev;
            } else {
                outs[o] = Tensor.allocate(t.dtype(), t.shape());
            }
        }
        outputs[n] = shapesRepeat[n] ? outs : outs.clone();
        System.arraycopy(inputs, 0, lastInputs[n], 0, inputs.length);
        return outs;
    }

    private boolean sameInputs(int n, Tensor[] inputs) {
        Tensor[] last = lastInputs[n];
        for (int i = 0; i < inputs.length; i++) {
            Tensor a = inputs[i];
            Tensor b = last[i];
            if (a == b) {
                continue;
            }
            if (a == null || b == null || a.dtype() != b.dtype() || !Arrays.equals(a.shapeView(), b.shapeView())) {
                return false;
            }
            last[i] = a;
        }
        return true;
    }
}
