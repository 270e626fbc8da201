package dev.ondeck.engine.runtime;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.plan.MemoryPlan;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-node argument arrays and output buffers of a plan, kept between runs so that the interpreter loop
 * allocates nothing for nodes whose shapes repeat. A node whose input tensors are the very objects of the
 * last run (or have the same shapes) reuses its outputs without running shape inference again.
 *
 * <p>A shared cache (for runs whose hook does not keep values) hands out the plan's activation arena
 * ({@link MemoryPlan}): outputs are views of buffers shared by values with disjoint lifetimes. If a kernel
 * returns other storage than the arena tensor it was given, the rest of that run gets fresh buffers and the
 * plan lays the arena out again without that value. A private cache gives every value its own buffer.
 * A cache serves one execution at a time (sessions are single-threaded). It holds no reference to its plan,
 * so that the plan (the weak key of the caches) and the cache go once the session is dropped.
 */
final class BufferCache {
    private static final Map<ExecutionPlan, BufferCache[]> CACHES = new WeakHashMap<>();
    private final boolean shared;
    private final Tensor[][] inputArrays;
    private final Tensor[][] lastInputs;
    private final Tensor[][] outputs;
    private final boolean[] shapesRepeat;
    private Tensor[][] arena;
    private Tensor[][] sliceOutputs;
    private MemoryPlan layout;
    private boolean suspended;

    private BufferCache(ExecutionPlan plan, boolean shared) {
        this.shared = shared;
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

    /** The plan's cache: shared (arena) for runs whose values may be overwritten after their last use. */
    static synchronized BufferCache of(ExecutionPlan plan, boolean shared) {
        BufferCache[] both = CACHES.computeIfAbsent(plan, p -> new BufferCache[2]);
        int i = shared ? 1 : 0;
        if (both[i] == null) {
            both[i] = new BufferCache(plan, shared);
        }
        return both[i];
    }

    /** Starts a run: (re)builds the arena views when the plan's layout changed. */
    void beginRun(ExecutionPlan plan) {
        suspended = false;
        if (shared && layout != plan.memory()) {
            layout = plan.memory();
            arena = arenaViews(plan, layout);
            Arrays.fill(outputs, null);
        }
    }

    /** Per node and output, a view of the arena buffer planned for it, or null (a null row: none). */
    private static Tensor[][] arenaViews(ExecutionPlan plan, MemoryPlan layout) {
        Object[] buffers = new Object[layout.bufferCount()];
        for (int b = 0; b < buffers.length; b++) {
            buffers[b] = Tensor.allocate(layout.bufferDtype(b), layout.bufferElements(b)).data();
        }
        Tensor[][] views = new Tensor[plan.nodeCount()][];
        for (int n = 0; n < views.length; n++) {
            int[] outs = plan.outputSlots(n);
            for (int o = 0; o < outs.length; o++) {
                int b = outs[o] < 0 ? -1 : layout.bufferOf(outs[o]);
                if (b >= 0) {
                    TensorType t = plan.slotType(outs[o]);
                    if (views[n] == null) {
                        views[n] = new Tensor[outs.length];
                    }
                    views[n][o] = Tensor.wrap(t.dtype(), buffers[b], t.shape());
                }
            }
        }
        return views;
    }

    /**
     * The arena tensor of an in-place Concat's output, into which its inputs' producers write, or null when this
     * run does not use the arena for it (values kept for a hook, or the value out of the arena).
     */
    Tensor inPlaceTarget(int concat) {
        return shared && hasArena(concat) ? arena[concat][0] : null;
    }

    /** The output array of a producer writing into an in-place Concat's output: just {@code target}. */
    Tensor[] sliceOutputs(int n, Tensor target) {
        if (sliceOutputs == null) {
            sliceOutputs = new Tensor[outputs.length][];
        }
        if (sliceOutputs[n] == null) {
            sliceOutputs[n] = new Tensor[1];
        }
        sliceOutputs[n][0] = target;
        return sliceOutputs[n];
    }

    /** The reusable input argument array of node {@code n}. */
    Tensor[] inputArray(int n) {
        return inputArrays[n];
    }

    /** The output array for node {@code n}: preallocated buffers, or null entries for data-dependent outputs. */
    Tensor[] outputsFor(ExecutionPlan plan, int n, Tensor[] inputs) {
        Tensor[] cached = outputs[n];
        boolean fresh = suspended && hasArena(n);
        if (shapesRepeat[n] && cached != null && !fresh && sameInputs(n, inputs)) {
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
            Tensor prev = fresh ? null : hasArena(n) && arena[n][o] != null ? arena[n][o] : cached == null ? null : cached[o];
            if (prev != null && prev.dtype() == t.dtype() && Arrays.equals(prev.shapeView(), t.shape())) {
                outs[o] = prev;
            } else {
                outs[o] = Tensor.allocate(t.dtype(), t.shape());
            }
        }
        if (!fresh) {
            outputs[n] = shapesRepeat[n] ? outs : outs.clone();
            System.arraycopy(inputs, 0, lastInputs[n], 0, inputs.length);
        }
        return outs;
    }

    private boolean hasArena(int n) {
        return arena != null && arena[n] != null;
    }

    /**
     * Checks, after node {@code n} ran, that it wrote into the arena tensors it was given; when it returned
     * other storage, suspends the arena for the rest of this run and has the plan lay it out again.
     */
    void checkOutputs(ExecutionPlan plan, int n, Tensor[] inputs, Tensor[] outs) {
        if (suspended || !hasArena(n)) {
            return;
        }
        int[] slots = plan.outputSlots(n);
        for (int o = 0; o < outs.length; o++) {
            Tensor planned = arena[n][o];
            if (planned == null || outs[o] == planned) {
                continue;
            }
            int alias = -1;
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] != null && outs[o] != null && inputs[i].data() == outs[o].data()) {
                    alias = plan.inputSlots(n)[i];
                }
            }
            plan.keepOutOfArena(slots[o], alias);
            suspended = true;
            outputs[n] = null;
        }
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
