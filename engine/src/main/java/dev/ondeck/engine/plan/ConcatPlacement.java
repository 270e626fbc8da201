package dev.ondeck.engine.plan;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.SliceWritingKernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.CopyOps;

/**
 * In-place Concat, decided at prepare time: a float Concat whose inputs are contiguous blocks of its output (every
 * dim before the axis is 1, e.g. axis 1 of a batch-1 NCHW tensor) gets its inputs written straight into their
 * blocks, when each input is a value computed at run time with a static shape, read by this Concat only (not a graph
 * output, not read twice, not read by another node or subgraph), and produced by a kernel (or the kernel it is fused
 * into) that is a {@link SliceWritingKernel} producing no other input of this Concat. Then the producers' outputs
 * share the Concat's arena buffer ({@link MemoryPlan}) and, in runs that use the arena, the Concat copies nothing;
 * runs that keep every value (steppers, inspectors) run the producers' own kernels and the Concat's copy.
 */
final class ConcatPlacement {
    /** Per node: the in-place Concat whose output its slice kernel writes, else -1. */
    final int[] concatInto;
    /** Per node: the kernel writing into that Concat's output, else null. */
    final Kernel[] sliceKernels;
    /** Per node: whether it is an in-place Concat. */
    final boolean[] inPlace;

    private ConcatPlacement(int nodes) {
        concatInto = new int[nodes];
        java.util.Arrays.fill(concatInto, -1);
        sliceKernels = new Kernel[nodes];
        inPlace = new boolean[nodes];
    }

    /** Places every Concat of the plan that qualifies ({@code readers}: how often each slot is read; null: none). */
    static ConcatPlacement of(ExecutionPlan plan, int[] readers) {
        int n = plan.nodeCount();
        ConcatPlacement p = new ConcatPlacement(n);
        if (readers == null) {
            return p;
        }
        int[] producer = new int[plan.slotCount()];
        java.util.Arrays.fill(producer, -1);
        for (int i = 0; i < n; i++) {
            for (int s : plan.outputSlots(i)) {
                if (s >= 0) {
                    producer[s] = i;
                }
            }
        }
        for (int c = 0; c < n; c++) {
            if (plan.node(c).op() instanceof CopyOps.Concat && plan.kernel(c) != null && !plan.isFolded(c)) {
                place(plan, c, readers, producer, p);
            }
        }
        return p;
    }

    private static void place(ExecutionPlan plan, int c, int[] readers, int[] producer, ConcatPlacement p) {
        int[] ins = plan.inputSlots(c);
        int[] outs = plan.outputSlots(c);
        TensorType y = outs.length == 1 && outs[0] >= 0 ? plan.slotType(outs[0]) : null;
        if (y == null || !y.isStatic() || y.dtype() != DType.FLOAT || !leadingOnes(y.shape(), ((CopyOps.Concat) plan.node(c).op()).axis(y.rank()))) {
            return;
        }
        int[] roots = new int[ins.length];
        Kernel[] kernels = new Kernel[ins.length];
        int offset = 0;
        for (int k = 0; k < ins.length; k++) {
            int s = ins[k];
            int made = s < 0 ? -1 : producer[s];
            if (made < 0 || readers[s] != 1 || plan.constant(s) != null || !isStatic(plan.slotType(s))) {
                return;
            }
            int root = plan.fusedInto(made) >= 0 ? plan.fusedInto(made) : made;
            for (int j = 0; j < k; j++) {
                if (roots[j] == root) {
                    return;
                }
            }
            Kernel kernel = plan.kernel(root);
            TensorType[] rootInputs = typesOf(plan, plan.inputSlots(root));
            for (TensorType t : rootInputs) {
                if (t != null && !t.isStatic()) {
                    return;
                }
            }
            if (plan.isFolded(root) || p.concatInto[root] >= 0 || plan.outputSlots(root).length != 1
                    || !(kernel instanceof SliceWritingKernel)) {
                return;
            }
            kernels[k] = ((SliceWritingKernel) kernel).writingAt(offset, rootInputs);
            if (kernels[k] == null) {
                return;
            }
            roots[k] = root;
            offset += (int) plan.slotType(s).elementCount();
        }
        for (int k = 0; k < ins.length; k++) {
            p.concatInto[roots[k]] = c;
            p.sliceKernels[roots[k]] = kernels[k];
        }
        p.inPlace[c] = ins.length > 0;
    }

    private static boolean leadingOnes(int[] shape, int axis) {
        for (int d = 0; d < axis; d++) {
            if (shape[d] != 1) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStatic(TensorType t) {
        return t != null && t.isStatic();
    }

    private static TensorType[] typesOf(ExecutionPlan plan, int[] slots) {
        TensorType[] t = new TensorType[slots.length];
        for (int i = 0; i < slots.length; i++) {
            t[i] = slots[i] < 0 ? null : plan.slotType(slots[i]);
        }
        return t;
    }
}
