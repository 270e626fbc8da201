package dev.ondeck.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.profile.NodeProfile;
import dev.ondeck.engine.profile.ProfileReport;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timing on MobileNetV2 (the shared perf model): a plain run never waits per op (the native-call wrapper
 * counts clFinish, clWaitForEvents and blocking reads), and with profiling on the per-node device times
 * from OpenCL events add up to the measured whole-run time within 15%.
 */
class TimingTest {
    private static Model model;
    private static Session session;
    private static Map<String, Tensor> inputs;

    @BeforeAll
    static void load() throws IOException {
        OpenClPresent.require();
        model = Model.load(SharedData.require("models/perf/mobilenet_v2/model.onnx"));
        session = model.newSession(SessionOptions.builder().backend("opencl").build());
        inputs = RandomInputs.of(model);
        session.run(inputs);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void aPlainRunSynchronisesOnlyToReadItsOutput() {
        for (int i = 0; i < session.plan().nodeCount(); i++) {
            String where = session.plan().backendOf(i);
            assertTrue(where.equals("opencl") || where.equals("folded"), "node " + session.plan().node(i).name() + " on " + where);
        }
        OpenCl cl = OpenCl.get();
        long syncs = cl.synchronisations();
        long kernels = cl.kernelsEnqueued();
        session.run(inputs);
        long runSyncs = cl.synchronisations() - syncs;
        long runKernels = cl.kernelsEnqueued() - kernels;
        System.out.printf("mobilenet_v2 plain run: %d kernels enqueued, %d host waits%n", runKernels, runSyncs);
        assertEquals(model.outputs().size(), runSyncs, "host waits in a plain run (one blocking read per output)");
        assertTrue(runKernels >= 60, "expected the convolutions, adds and pools as kernels, found " + runKernels);
    }

    @Test
    void perNodeDeviceTimesAddUpToTheRunTimeWithinFifteenPercent() {
        ProfileReport p = session.profile(inputs, 1, 5);
        for (NodeProfile n : p.nodes()) {
            assertTrue(n.folded() || n.deviceTimed(), "node " + n.name() + " has no device times");
        }
        double share = p.deviceShareMedian();
        System.out.printf("mobilenet_v2 profile: device kernels + transfers are %.1f%% of the run (median over runs)%n",
                100 * share);
        System.out.print(p.table(5));
        assertTrue(Math.abs(1 - share) <= 0.15, "device times sum to " + (100 * share) + "% of the run time");
    }
}
