package dev.ondeck.engine.runtime;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Output buffers of a plan's nodes, kept between runs: a node whose output shapes repeat writes into the
 * same buffers. Nodes whose output types were fully inferred at prepare time skip inference at run time.
 */
final class BufferCache {
    private static final Map<ExecutionPlan, BufferCache> CACHES = new WeakHashMap<>();
    private final ExecutionPlan plan;
    private final Tensor[][] buffers;
    private final boolean[] staticOutputs;

    private BufferCache(ExecutionPlan plan) {
        this.plan = plan;
        this.buffers = new Tensor[plan.nodeCount()][];
        this.staticOutputs = new boolean[plan.nodeCount()];
        for (int n = 0; n < plan.nodeCount(); n++) {
            boolean known = true;
            for (int s : plan.inputSlots(n)) {
                known &= s < 0 || (plan.slotType(s) != null && plan.slotType(s).isStatic());
            }
            for (int s : plan.outputSlots(n)) {
                known &= s < 0 || (plan.slotType(s) != null && plan.slotType(s).isStatic());
            }
            staticOutputs[n] = known && plan.node(n).op().subgraphs().isEmpty();
        }
    }

    static synchronized BufferCache of(ExecutionPlan plan) {
        return CACHES.computeIfAbsent(plan, BufferCache::new);
    }

    /** The output array for node {@code n}: preallocated buffers, or null entries for data-dependent outputs. */
    Tensor[] outputsFor(int n, Tensor[] inputs, Execution exec) {
        Node node = plan.node(n);
        Tensor[] cached = buffers[n];
        if (staticOutputs[n] && cached != null && inputsMatchPlan(n, inputs)) {
            return freshArray(cached);
        }
        TensorType[] types = Execution.inferAtRun(node, inputs);
        Tensor[] outs = new Tensor[node.outputCount()];
        boolean reusable = cached != null;
        for (int o = 0; o < outs.length; o++) {
            TensorType t = o < types.length ? types[o] : null;
            if (t == null || !t.isStatic()) {
                reusable = false;
                continue;
            }
            Tensor prev = cached == null ? null : cached[o];
            if (prev != null && prev.dtype() == t.dtype() && Arrays.equals(prev.shapeView(), t.shape())) {
                outs[o] = prev;
            } else {
                outs[o] = Tensor.allocate(t.dtype(), t.shape());
            }
        }
        buffers[n] = outs.clone();
        return outs;
    }

    private boolean inputsMatchPlan(int n, Tensor[] inputs) {
        int[] ins = plan.inputSlots(n);
        for (int i = 0; i < ins.length; i++) {
            if (ins[i] >= 0) {
                TensorType t = plan.slotType(ins[i]);
                if (inputs[i] == null || inputs[i].dtype() != t.dtype() || !Arrays.equals(inputs[i].shapeView(), t.shape())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Tensor[] freshArray(Tensor[] cached) {
        return cached.clone();
    }
}
