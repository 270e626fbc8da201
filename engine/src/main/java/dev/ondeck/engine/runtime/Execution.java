package dev.ondeck.engine.runtime;

import dev.ondeck.engine.Limits;
import dev.ondeck.engine.NodeException;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.RunCancelledException;
import dev.ondeck.engine.SizeLimitException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.DeviceMemory;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.ShapeException;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.util.Arrays;

/**
 * One run of a plan, resumable node by node: the single interpreter loop of the engine. {@link #runToEnd()}
 * is a plain run; {@link #step()} executes one node, which is what the stepper builds on. With a hook that
 * keeps values (the default for hooks), every slot stays readable until the execution is discarded and
 * output buffers are reused across runs of the same plan when their shapes repeat. With {@link NodeHook#NONE}
 * (or a hook whose {@link NodeHook#keepsValues()} is false) activations live in the plan's arena
 * ({@link dev.ondeck.engine.plan.MemoryPlan}): a value stays valid until the last node reading it has run.
 * Graph outputs are returned as copies the caller owns. In arena runs, the producers of an in-place Concat's
 * inputs write into the Concat's output (their slots then hold that whole tensor) and the Concat runs no kernel.
 */
public final class Execution implements ExecContext {
    private final ExecutionPlan plan;
    private final NodeHook hook;
    private final Execution parent;
    private final Tensor[] slots;
    private final BufferCache buffers;
    private final DeviceMemory deviceMemory;
    private int next;

    /**
     * Starts an execution.
     *
     * @param inputs values of the graph's inputs in declaration order (already validated)
     * @param parent the enclosing execution for a subgraph, else null
     */
    public Execution(ExecutionPlan plan, Tensor[] inputs, NodeHook hook, Execution parent) {
        this.plan = plan;
        this.hook = hook == null ? NodeHook.NONE : hook;
        this.parent = parent;
        this.slots = new Tensor[plan.slotCount()];
        this.buffers = BufferCache.of(plan, !this.hook.keepsValues());
        buffers.beginRun(plan);
        for (int s = 0; s < slots.length; s++) {
            slots[s] = plan.constant(s);
        }
        int[] in = plan.graphInputSlots();
        for (int i = 0; i < in.length; i++) {
            slots[in[i]] = inputs[i];
        }
        this.deviceMemory = plan.backend().deviceMemory();
        if (deviceMemory != null && parent == null) {
            deviceMemory.runStarting(inputs);
        }
        String[] outer = plan.outerNames();
        int[] outerSlots = plan.outerSlots();
        for (int i = 0; i < outer.length; i++) {
            Tensor v = parent == null ? null : parent.lookup(outer[i]);
            if (v == null) {
                throw new OndeckException("subgraph '" + plan.graph().name() + "' reads '" + outer[i]
                        + "', which no enclosing graph has computed");
            }
            slots[outerSlots[i]] = v;
        }
    }

    private Tensor lookup(String name) {
        int s = plan.slotOf(name);
        if (s >= 0 && slots[s] != null) {
            return slots[s];
        }
        return parent == null ? null : parent.lookup(name);
    }

    public ExecutionPlan plan() {
        return plan;
    }

    /** The enclosing execution when this runs a subgraph, else null. */
    public Execution parent() {
        return parent;
    }

    /** Index of the next node to run; equals {@code plan().nodeCount()} when done. */
    public int nextNode() {
        return next;
    }

    public boolean isDone() {
        return next >= plan.nodeCount();
    }

    /** The current value of a named value, or null when not computed (yet). Searches enclosing scopes. */
    public Tensor value(String name) {
        return onHost(lookup(name));
    }

    /** The current value of a slot. */
    public Tensor slot(int s) {
        return onHost(slots[s]);
    }

    private Tensor onHost(Tensor t) {
        if (t != null && deviceMemory != null) {
            deviceMemory.toHost(t);
        }
        return t;
    }

    /**
     * Replaces a value (what-if): nodes that have not run yet read {@code t} instead. The value is looked
     * up in this graph, then in enclosing graphs.
     */
    public void override(String name, Tensor t) {
        int s = plan.slotOf(name);
        if (s >= 0) {
            slots[s] = t;
        } else if (parent != null) {
            parent.override(name, t);
        } else {
            throw new OndeckException("no value named '" + name + "' in graph '" + plan.graph().name() + "'");
        }
    }

    /** Nesting depth: 0 for the main graph, 1 for a subgraph of it, and so on. */
    public int depth() {
        return parent == null ? 0 : parent.depth() + 1;
    }

    /** Runs every remaining node. */
    public void runToEnd() {
        while (next < plan.nodeCount()) {
            step();
        }
    }

    /** Runs the next node (skipping nodes folded at prepare time); returns its index. */
    public int step() {
        int n = next;
        if (n >= plan.nodeCount()) {
            throw new IllegalStateException("execution already finished");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new RunCancelledException("run cancelled before node '" + plan.node(n).name() + "'");
        }
        Tensor inPlace = plan.isConcatInPlace(n) ? buffers.inPlaceTarget(n) : null;
        if (plan.isFolded(n) || plan.fusedInto(n) >= 0 || inPlace != null) {
            if (hook != NodeHook.NONE) {
                hook.beforeNode(this, n);
            }
            if (plan.fusedInto(n) >= 0 && plan.fusedInto(n) < n) {
                slots[plan.outputSlots(n)[0]] = slots[plan.inputSlots(n)[0]];
            } else if (inPlace != null) {
                slots[plan.outputSlots(n)[0]] = inPlace;
            }
            if (hook != NodeHook.NONE) {
                hook.afterNode(this, n);
            }
            next = n + 1;
            return n;
        }
        if (hook != NodeHook.NONE) {
            hook.beforeNode(this, n);
        }
        int[] ins = plan.inputSlots(n);
        Tensor[] inputs = buffers.inputArray(n);
        for (int i = 0; i < ins.length; i++) {
            inputs[i] = ins[i] < 0 ? null : slots[ins[i]];
        }
        int concat = plan.concatInto(n);
        Tensor target = concat >= 0 ? buffers.inPlaceTarget(concat) : null;
        Tensor[] outputs = target != null ? buffers.sliceOutputs(n, target) : buffers.outputsFor(plan, n, inputs);
        Node node = plan.node(n);
        try {
            (target != null ? plan.sliceKernel(n) : plan.kernel(n)).execute(inputs, outputs, this);
        } catch (RunCancelledException | NodeException e) {
            throw e;
        } catch (OndeckException e) {
            throw new NodeException(node.name(), node.opType(), e.getMessage() + " (inputs " + shapes(inputs) + ")", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new NodeException(node.name(), node.opType(), "internal error " + e + " (inputs " + shapes(inputs) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new NodeException(node.name(), node.opType(), "out of memory (inputs " + shapes(inputs)
                    + "); the element cap is " + Limits.maxElements(), null);
        }
        if (target == null) {
            buffers.checkOutputs(plan, n, inputs, outputs);
        }
        int[] outs = plan.outputSlots(n);
        for (int o = 0; o < outs.length; o++) {
            if (outs[o] >= 0) {
                if (outputs[o] == null) {
                    throw new NodeException(node.name(), node.opType(), "produced no value for output " + o + " '" + node.output(o) + "'", null);
                }
                slots[outs[o]] = outputs[o];
            }
        }
        next = n + 1;
        if (hook != NodeHook.NONE) {
            hook.afterNode(this, n);
        }
        return n;
    }

    /** The graph's outputs, as copies the caller owns. */
    public Tensor[] outputs() {
        int[] out = plan.graphOutputSlots();
        Tensor[] result = new Tensor[out.length];
        for (int i = 0; i < out.length; i++) {
            Tensor v = slots[out[i]];
            if (v == null) {
                v = parent == null ? null : parent.lookup(plan.slotName(out[i]));
            }
            if (v == null) {
                throw new OndeckException("output '" + plan.slotName(out[i]) + "' was not computed");
            }
            result[i] = onHost(v).copy();
        }
        return result;
    }

    @Override
    public Tensor[] runSubgraph(Graph graph, Tensor[] inputs) {
        Execution sub = new Execution(plan.subplan(graph), inputs, hook, this);
        sub.runToEnd();
        return sub.outputs();
    }

    @Override
    public boolean deviceTiming() {
        return hook.timesDevice();
    }

    @Override
    public void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new RunCancelledException("run cancelled");
        }
    }

    static String shapes(Tensor[] ts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ts.length; i++) {
            sb.append(i > 0 ? ", " : "").append(ts[i] == null ? "absent" : ts[i].dtype() + Arrays.toString(ts[i].shapeView()));
        }
        return sb.toString();
    }

    /** Infers a node's output types from actual inputs, naming the node on failure. */
    static TensorType[] inferAtRun(Node node, Tensor[] inputs) {
        TensorType[] types = new TensorType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            types[i] = inputs[i] == null ? null : TensorType.of(inputs[i].dtype(), inputs[i].shapeView());
        }
        try {
            TensorType[] outs = node.op().infer(types, inputs, node.outputCount());
            ExecutionPlan.checkOutputSizes(node, outs);
            return outs;
        } catch (ShapeException | SizeLimitException e) {
            throw new NodeException(node.name(), node.opType(), e.getMessage() + " (inputs " + shapes(inputs) + ")", e);
        }
    }
}
