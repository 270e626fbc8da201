package dev.ondeck.engine.plan;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.graph.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The activation arena of a plan, laid out at prepare time by tensor lifetime. Every value a kernel writes
 * into a preallocated output with a shape known at prepare time is a candidate; its live interval runs from
 * the node that produces it to the last node that reads it (graph outputs live to the end; a fused node's
 * output is the producer's tensor, so it extends the producer's interval). Candidates with the same dtype
 * and element count whose intervals do not overlap share one buffer: for each such size class, intervals
 * sorted by start are packed greedily into the buffer that became free earliest (interval partitioning,
 * which needs as many buffers as the most values of that class live at once). A tensor owns a whole
 * array from index 0, so buffers are shared between values of equal size rather than sub-allocated by
 * offset. Values outside the arena (graph inputs, constants, data-dependent shapes, outputs of nodes with
 * subgraphs) keep their own storage. The blocks of an in-place Concat ({@link ConcatPlacement}) are its output's
 * buffer: their producers' outputs alias it, so its interval starts at the first producer.
 */
public final class MemoryPlan {
    private final int[] bufferOf;
    private final DType[] bufferDtype;
    private final int[] bufferElements;
    private final long peakLiveBytes;
    private final long unsharedBytes;

    private MemoryPlan(int[] bufferOf, DType[] bufferDtype, int[] bufferElements, long peakLiveBytes, long unsharedBytes) {
        this.bufferOf = bufferOf;
        this.bufferDtype = bufferDtype;
        this.bufferElements = bufferElements;
        this.peakLiveBytes = peakLiveBytes;
        this.unsharedBytes = unsharedBytes;
    }

    /**
     * Lays out the arena of a plan.
     *
     * @param seenAlias for each slot, the slot whose tensor a kernel was seen to return for it at run time,
     *        else -1; such a slot is never a buffer of its own and extends the other's interval
     * @param excluded slots to keep out of the arena (values a kernel was seen to replace by new storage)
     */
    static MemoryPlan layOut(ExecutionPlan plan, int[] seenAlias, boolean[] excluded) {
        int slots = plan.slotCount();
        int n = plan.nodeCount();
        int[] aliasOf = aliases(plan, seenAlias);
        boolean[] concatOutput = new boolean[slots];
        for (int i = 0; i < n; i++) {
            if (plan.isConcatInPlace(i)) {
                concatOutput[plan.outputSlots(i)[0]] = true;
            }
        }
        int[] start = new int[slots];
        int[] end = new int[slots];
        Arrays.fill(start, -1);
        Arrays.fill(end, -1);
        for (int i = 0; i < n; i++) {
            if (arenaNode(plan, i)) {
                for (int s : plan.outputSlots(i)) {
                    int r = s < 0 ? -1 : aliasOf[s];
                    boolean own = r >= 0 && (r == s || concatOutput[r]);
                    if (own && start[r] < 0 && !excluded[r] && plan.constant(r) == null && isStatic(plan.slotType(r))) {
                        start[r] = i;
                        end[r] = i;
                    }
                }
            }
            for (int s : plan.inputSlots(i)) {
                read(aliasOf, end, s, i);
            }
            for (String name : plan.node(i).implicitInputs()) {
                read(aliasOf, end, plan.slotOf(name), i);
            }
        }
        for (int s : plan.graphOutputSlots()) {
            read(aliasOf, end, s, n);
        }
        return assign(plan, start, end);
    }

    /** For each slot, the slot whose tensor it holds at run time (itself when none), resolved to the root. */
    private static int[] aliases(ExecutionPlan plan, int[] seenAlias) {
        int[] aliasOf = new int[plan.slotCount()];
        for (int s = 0; s < aliasOf.length; s++) {
            aliasOf[s] = seenAlias[s] >= 0 ? seenAlias[s] : s;
        }
        for (int i = 0; i < plan.nodeCount(); i++) {
            if (plan.fusedInto(i) >= 0 && plan.fusedInto(i) < i && plan.outputSlots(i)[0] >= 0 && plan.inputSlots(i)[0] >= 0) {
                aliasOf[plan.outputSlots(i)[0]] = plan.inputSlots(i)[0];
            }
            if (plan.concatInto(i) >= 0) {
                aliasOf[plan.outputSlots(i)[0]] = plan.outputSlots(plan.concatInto(i))[0];
            }
        }
        for (int s = 0; s < aliasOf.length; s++) {
            int root = s;
            for (int hops = 0; aliasOf[root] != root && hops < aliasOf.length; hops++) {
                root = aliasOf[root];
            }
            aliasOf[s] = root;
        }
        return aliasOf;
    }

    private static void read(int[] aliasOf, int[] end, int slot, int node) {
        if (slot >= 0) {
            int root = aliasOf[slot];
            end[root] = Math.max(end[root], node);
        }
    }

    private static boolean arenaNode(ExecutionPlan plan, int node) {
        return !plan.isFolded(node) && plan.fusedInto(node) < 0 && plan.node(node).op().subgraphs().isEmpty();
    }

    private static boolean isStatic(TensorType t) {
        return t != null && t.isStatic();
    }

    private static MemoryPlan assign(ExecutionPlan plan, int[] start, int[] end) {
        Map<String, List<Integer>> classes = new HashMap<>();
        long[] delta = new long[plan.nodeCount() + 2];
        long unshared = 0;
        for (int s = 0; s < start.length; s++) {
            if (start[s] >= 0) {
                TensorType t = plan.slotType(s);
                classes.computeIfAbsent(t.dtype() + "x" + t.elementCount(), k -> new ArrayList<>()).add(s);
                long bytes = t.elementCount() * t.dtype().byteSize();
                unshared += bytes;
                delta[start[s]] += bytes;
                delta[end[s] + 1] -= bytes;
            }
        }
        long live = 0;
        long peak = 0;
        for (long d : delta) {
            live += d;
            peak = Math.max(peak, live);
        }
        int[] bufferOf = new int[start.length];
        Arrays.fill(bufferOf, -1);
        List<DType> dtypes = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (List<Integer> members : classes.values()) {
            members.sort(Comparator.comparingInt((Integer s) -> start[s]).thenComparingInt(s -> s));
            PriorityQueue<int[]> busy = new PriorityQueue<>(Comparator.comparingInt((int[] b) -> b[1]));
            for (int s : members) {
                int[] free = busy.peek();
                int buffer;
                if (free != null && free[1] < start[s]) {
                    busy.poll();
                    buffer = free[0];
                } else {
                    TensorType t = plan.slotType(s);
                    buffer = dtypes.size();
                    dtypes.add(t.dtype());
                    sizes.add((int) t.elementCount());
                }
                bufferOf[s] = buffer;
                busy.add(new int[] {buffer, end[s]});
            }
        }
        return new MemoryPlan(bufferOf, dtypes.toArray(new DType[0]), sizes.stream().mapToInt(Integer::intValue).toArray(),
                peak, unshared);
    }

    /** The arena buffer holding a slot's value, or -1 when the slot keeps its own storage. */
    public int bufferOf(int slot) {
        return bufferOf[slot];
    }

    public int bufferCount() {
        return bufferElements.length;
    }

    public DType bufferDtype(int buffer) {
        return bufferDtype[buffer];
    }

    /** Elements of a buffer (every value sharing it has exactly this many). */
    public int bufferElements(int buffer) {
        return bufferElements[buffer];
    }

    /** Bytes of all arena buffers together: what a run's activations occupy. */
    public long arenaBytes() {
        long b = 0;
        for (int i = 0; i < bufferElements.length; i++) {
            b += (long) bufferElements[i] * bufferDtype[i].byteSize();
        }
        return b;
    }

    /** The most bytes of arena values live at once: the lower bound for any layout of these values. */
    public long peakLiveBytes() {
        return peakLiveBytes;
    }

    /** Bytes the arena's values would take with one buffer each (no reuse). */
    public long unsharedBytes() {
        return unsharedBytes;
    }

    @Override
    public String toString() {
        return String.format("activations: arena %d bytes in %d buffers (peak live %d bytes, %d without reuse)",
                arenaBytes(), bufferCount(), peakLiveBytes, unsharedBytes);
    }
}
