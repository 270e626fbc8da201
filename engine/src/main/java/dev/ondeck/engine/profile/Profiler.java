package dev.ondeck.engine.profile;

import dev.ondeck.engine.ProgressListener;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.DeviceMemory;
import dev.ondeck.engine.backend.DeviceTimedKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles a session: W warm-up runs, then K timed runs with a timing hook around every node of the main
 * graph (a subgraph's time counts in its If/Loop/Scan node). FLOPs and bytes come from the shapes seen.
 * Interrupting the calling thread stops it before the next node ({@link dev.ondeck.engine.RunCancelledException}).
 */
public final class Profiler {
    private Profiler() {
    }

    /** Profiles {@code runs} runs after {@code warmup} warm-ups. */
    public static ProfileReport profile(Session session, Map<String, Tensor> inputs, int warmup, int runs) {
        return profile(session, inputs, warmup, runs, ProgressListener.NONE);
    }

    /**
     * Profiles {@code runs} runs after {@code warmup} warm-ups, reporting each finished run to {@code progress}
     * ({@code done} counts warm-ups and timed runs together, of {@code warmup + runs}).
     */
    public static ProfileReport profile(Session session, Map<String, Tensor> inputs, int warmup, int runs,
            ProgressListener progress) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("need runs >= 1 and warmup >= 0, got runs=" + runs + ", warmup=" + warmup);
        }
        ExecutionPlan plan = session.plan();
        int n = plan.nodeCount();
        for (int i = 0; i < warmup; i++) {
            session.start(inputs, NodeHook.NONE).runToEnd();
            progress.progress("warm-up", i + 1, warmup + runs);
        }
        Map<String, Long> countersBefore = plan.backend().counters();
        TimingHook hook = new TimingHook(n, runs);
        long[] runTimes = new long[runs];
        Execution last = null;
        for (int r = 0; r < runs; r++) {
            hook.run = r;
            Execution exec = session.start(inputs, hook);
            long t0 = System.nanoTime();
            hook.runStart = t0;
            exec.runToEnd();
            DeviceMemory device = plan.backend().deviceMemory();
            if (device != null) {
                device.finish();
            }
            runTimes[r] = System.nanoTime() - t0;
            hook.readDeviceTimes(plan);
            last = exec;
            progress.progress("timed run", warmup + r + 1, warmup + runs);
        }
        List<NodeProfile> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Node node = plan.node(i);
            TensorType[] in = typesOf(plan, last, plan.inputSlots(i));
            TensorType[] out = typesOf(plan, last, plan.outputSlots(i));
            boolean folded = plan.isFolded(i);
            long[] times = folded ? new long[runs] : hook.times[i];
            String backend = plan.fusedInto(i) < 0 ? plan.backendOf(i)
                    : plan.backendOf(i) + " (fused into " + plan.node(plan.fusedInto(i)).name() + ")";
            NodeProfile np = new NodeProfile(node.name(), node.opType(), node.index(), backend, folded, times,
                    folded ? 0 : node.op().flops(in, out), bytes(in), bytes(out), describe(out));
            nodes.add(hook.deviceTimed[i] ? np.withDeviceTimes(hook.kernel[i], hook.transfer[i]) : np);
        }
        String model = session.model().path() != null ? session.model().path().getFileName().toString()
                : plan.graph().name();
        long[] nodeSums = new long[runs];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < runs; r++) {
                nodeSums[r] += hook.times[i][r];
            }
        }
        double[] deviceShares = new double[runs];
        for (int r = 0; r < runs; r++) {
            long device = 0;
            for (int i = 0; i < n; i++) {
                device += hook.kernel[i][r] + hook.transfer[i][r];
            }
            deviceShares[r] = device / (double) Math.max(1, runTimes[r]);
        }
        Map<String, Double> countersPerRun = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : plan.backend().counters().entrySet()) {
            countersPerRun.put(e.getKey(), (e.getValue() - countersBefore.getOrDefault(e.getKey(), 0L)) / (double) runs);
        }
        return new ProfileReport(model, plan.backend().name(), session.options().threads(), warmup, runTimes, nodeSums,
                nodes, liveBytes(plan, last), hook.lastStart, hook.lastDuration).withDeviceShares(deviceShares)
                .withBackendNotes(countersPerRun, plan.backend().timingNote());
    }

    /** The types of values seen in the run; for values a fusion left unset, the static type the plan inferred. */
    private static TensorType[] typesOf(ExecutionPlan plan, Execution exec, int[] slots) {
        TensorType[] t = new TensorType[slots.length];
        for (int i = 0; i < slots.length; i++) {
            TensorType planned = slots[i] < 0 ? null : plan.slotType(slots[i]);
            Tensor v = slots[i] < 0 || planned != null && planned.isStatic() ? null : exec.slot(slots[i]);
            t[i] = v == null ? (planned != null && planned.isStatic() ? planned : null) : TensorType.of(v.dtype(), v.shapeView());
        }
        return t;
    }

    private static long bytes(TensorType[] types) {
        long b = 0;
        for (TensorType t : types) {
            if (t != null) {
                b += t.elementCount() * t.dtype().byteSize();
            }
        }
        return b;
    }

    private static String describe(TensorType[] types) {
        StringBuilder sb = new StringBuilder();
        for (TensorType t : types) {
            if (t != null) {
                sb.append(sb.length() > 0 ? " " : "").append(t);
            }
        }
        return sb.toString();
    }

    /** Live activation bytes while each node runs: values are live from production to last use. */
    static long[] liveBytes(ExecutionPlan plan, Execution exec) {
        int n = plan.nodeCount();
        int[] lastUse = new int[plan.slotCount()];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < n; i++) {
            for (int s : plan.inputSlots(i)) {
                if (s >= 0) {
                    lastUse[s] = i;
                }
            }
            for (String implicit : plan.node(i).implicitInputs()) {
                int s = plan.slotOf(implicit);
                if (s >= 0) {
                    lastUse[s] = i;
                }
            }
        }
        for (int s : plan.graphOutputSlots()) {
            lastUse[s] = n;
        }
        long live = 0;
        for (int s : plan.graphInputSlots()) {
            live += sizeOf(exec.slot(s));
        }
        long[] during = new long[n];
        for (int i = 0; i < n; i++) {
            for (int s : plan.outputSlots(i)) {
                if (s >= 0 && !plan.isFolded(i)) {
                    live += sizeOf(exec.slot(s));
                }
            }
            during[i] = live;
            for (int s = 0; s < lastUse.length; s++) {
                if (lastUse[s] == i && plan.constant(s) == null) {
                    live -= sizeOf(exec.slot(s));
                }
            }
        }
        return during;
    }

    private static long sizeOf(Tensor t) {
        return t == null ? 0 : (long) t.size() * t.dtype().byteSize();
    }

    /**
     * Times every main-graph node of each run on the host; asks device kernels to record their device-side
     * kernel and transfer times ({@link DeviceTimedKernel}), read once the run's device work has finished. A
     * device node's time is its host time (binding, enqueueing) plus its device kernel and transfer times.
     */
    private static final class TimingHook implements NodeHook {
        final long[][] times;
        final long[][] kernel;
        final long[][] transfer;
        final boolean[] deviceTimed;
        final long[] lastStart;
        final long[] lastDuration;
        int run;
        long runStart;
        private long start;

        TimingHook(int nodes, int runs) {
            times = new long[nodes][runs];
            kernel = new long[nodes][runs];
            transfer = new long[nodes][runs];
            deviceTimed = new boolean[nodes];
            lastStart = new long[nodes];
            lastDuration = new long[nodes];
        }

        @Override
        public boolean keepsValues() {
            return false;
        }

        @Override
        public void beforeNode(Execution exec, int n) {
            if (exec.parent() == null) {
                start = System.nanoTime();
            }
        }

        @Override
        public void afterNode(Execution exec, int n) {
            if (exec.parent() == null) {
                long end = System.nanoTime();
                times[n][run] = end - start;
                lastStart[n] = start - runStart;
                lastDuration[n] = end - start;
            }
        }

        /** After a run's device work finished: each device kernel's event times of this run. */
        void readDeviceTimes(ExecutionPlan plan) {
            for (int n = 0; n < times.length; n++) {
                Kernel k = plan.kernel(n);
                if (k instanceof DeviceTimedKernel) {
                    DeviceTimedKernel d = (DeviceTimedKernel) k;
                    deviceTimed[n] = true;
                    kernel[n][run] = d.lastKernelNanos();
                    transfer[n][run] = d.lastTransferNanos();
                    if (!d.onHost()) {
                        times[n][run] += kernel[n][run] + transfer[n][run];
                    }
                }
            }
        }

        @Override
        public boolean timesDevice() {
            return true;
        }
    }
}
