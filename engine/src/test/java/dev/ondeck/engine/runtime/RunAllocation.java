package dev.ondeck.engine.runtime;

import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes the calling thread allocates per steady-state {@link Session#run} (HotSpot's
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}), after warm-up runs. Shared with the
 * {@code cpu} backend's tests through the engine's test-jar.
 */
public final class RunAllocation {
    private RunAllocation() {
    }

    /** At most this many batches of runs for {@link #perRun}. */
    static final int MAX_BATCHES = 100;

    /**
     * Bytes allocated by one steady-state run: after {@code warmup} runs, the least mean over batches of
     * {@code runs} runs, measured until a batch stays within {@code bound} bytes per run or after
     * {@value #MAX_BATCHES} batches. Batches, because a method that runs once per run (a 1000-class softmax)
     * stays in C1 code, which allocates the Vector API's values, for hundreds of runs (the synthetic MobileNetV2
     * on {@code cpu}: 35 KB per run until its 35th batch of 20, then 15-19 KB), longer still on a loaded machine; a steady state that really allocates does so in every batch.
     */
    public static long perRun(Session s, Map<String, Tensor> inputs, int warmup, int runs, long bound) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++) {
            s.run(inputs).close();
        }
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int b = 0; b < MAX_BATCHES && least > bound; b++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < runs; i++) {
                s.run(inputs).close();
            }
            least = Math.min(least, (mx.getThreadAllocatedBytes(id) - before) / runs);
        }
        return least;
    }

    /**
     * Mean bytes allocated per run between each main-graph node's before and after hook (the node's output
     * lookup and its kernel), by op type; the hook lets values share the arena as a plain run does.
     */
    public static Map<String, Long> insideNodes(Session s, Map<String, Tensor> inputs, int warmup, int runs) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long[] perNode = new long[s.plan().nodeCount()];
        long[] start = new long[1];
        boolean[] counting = new boolean[1];
        NodeHook probe = new NodeHook() {
            @Override
            public boolean keepsValues() {
                return false;
            }

            @Override
            public void beforeNode(Execution exec, int n) {
                if (exec.parent() == null) {
                    start[0] = mx.getThreadAllocatedBytes(id);
                }
            }

            @Override
            public void afterNode(Execution exec, int n) {
                if (exec.parent() == null && counting[0]) {
                    perNode[n] += mx.getThreadAllocatedBytes(id) - start[0];
                }
            }
        };
        for (int i = 0; i < warmup + runs; i++) {
            counting[0] = i >= warmup;
            s.run(inputs, probe).close();
        }
        Map<String, Long> byOp = new TreeMap<>();
        for (int n = 0; n < perNode.length; n++) {
            if (perNode[n] > 0) {
                byOp.merge(s.plan().node(n).opType() + "@" + s.plan().backendOf(n), perNode[n] / runs, Long::sum);
            }
        }
        return byOp;
    }

    /** Bytes of a run's outputs, which {@link Session#run} returns as copies the caller owns. */
    public static long outputBytes(Session s, Map<String, Tensor> inputs) {
        long b = 0;
        for (Tensor t : s.run(inputs).asMap().values()) {
            b += (long) t.size() * t.dtype().byteSize();
        }
        return b;
    }
}
