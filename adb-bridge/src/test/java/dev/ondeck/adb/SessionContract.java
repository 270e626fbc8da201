package dev.ondeck.adb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.InferenceSession;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.debug.Breakpoint;
import dev.ondeck.engine.debug.GraphDebugger;
import dev.ondeck.engine.debug.StopEvent;
import dev.ondeck.engine.inspect.TensorComparison;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.List;
import java.util.Map;

/**
 * One test body for any {@link InferenceSession} of {@link TestModels#smallCnn}: run, timed runs, profile,
 * the stepping debugger (step, fetch, breakpoint, override, continue, result, restart, run to) and the diff
 * against a reference. It runs unchanged on a local session and on remote ones.
 */
final class SessionContract {
    private SessionContract() {
    }

    static Map<String, Tensor> inputs() {
        return Map.of("image", TestModels.random(9, 1, 3, 32, 32));
    }

    static void check(InferenceSession s, InferenceSession reference) {
        Map<String, Tensor> inputs = inputs();
        assertEquals(List.of("image"), s.inputNames());
        assertEquals(List.of("probs"), s.outputNames());
        assertEquals("cpu-ref", s.backendName());
        float[] expected = reference.run(inputs).get("probs").floats();
        assertArrayEquals(expected, s.run(inputs).get("probs").floats(), 1e-6f, "run");

        long[] times = s.timeRuns(inputs, 1, 3);
        assertEquals(3, times.length);
        for (long t : times) {
            assertTrue(t > 0, "every timed run takes time: " + java.util.Arrays.toString(times));
        }

        ProfileReport p = s.profile(inputs, 1, 3);
        assertEquals(3, p.runs());
        assertEquals(6, p.nodes().size());
        assertEquals("Conv", p.node("conv").opType());
        assertTrue(p.node("conv").flops() > 0, "FLOPs from shapes");
        assertEquals(3, p.node("conv").times().length, "every run's time travels with the report");
        assertTrue(p.runMedianNanos() > 0 && p.peakActivationBytes() > 0);
        assertTrue(p.toJson().contains("\"schema\": \"ondeck.profile/1\""));
        assertTrue(p.model().endsWith(".onnx"), p.model());

        debugging(s, inputs);

        Map<String, TensorComparison> diff = s.diff(reference, inputs);
        assertEquals(List.of("probs"), List.copyOf(diff.keySet()));
        assertEquals(0.0, diff.get("probs").maxAbsError(), 1e-6);
    }

    private static void debugging(InferenceSession s, Map<String, Tensor> inputs) {
        try (GraphDebugger d = s.debug(inputs)) {
            assertEquals("conv", d.lastStop().node());
            StopEvent e = d.step();
            assertEquals("relu", e.node());
            assertEquals(StopEvent.Reason.STEP, e.reason());
            assertArrayEquals(new int[] {1, 8, 32, 32}, d.tensor("c").shape());
            assertThrows(OndeckException.class, () -> d.tensor("logits"), "not computed yet");

            d.addBreakpoint(Breakpoint.onOpType("Gemm"));
            e = d.continueRun();
            assertEquals(StopEvent.Reason.BREAKPOINT, e.reason());
            assertEquals("fc", e.node());
            assertEquals("op type Gemm", e.detail());
            d.override("f", Tensor.allocate(DType.FLOAT, 1, 8));
            e = d.continueRun();
            assertTrue(e.isFinished() && d.isFinished(), e.toString());
            assertArrayEquals(softmax(TestModels.random(4, 10).floats()), d.result().get("probs").floats(), 1e-6f,
                    "with f overridden to zeros the output is softmax(fc_b)");

            assertEquals("conv", d.restart().node());
            assertEquals(1, d.breakpoints().size());
            d.clearBreakpoints();
            e = d.runTo("softmax");
            assertEquals(StopEvent.Reason.RUN_TO, e.reason());
            assertArrayEquals(new int[] {1, 10}, d.tensor("logits").shape());
            assertTrue(d.step(5).isFinished());
        }
    }

    private static float[] softmax(float[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            sum += Math.exp(x[i] - max);
        }
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (Math.exp(x[i] - max) / sum);
        }
        return out;
    }

    static void assertRemoteProfileHasDeviceState(RemoteProfile p) {
        assertNotNull(p.report());
        assertTrue(p.stateBefore().containsKey("cpu0.max_khz"), p.stateBefore().toString());
        assertEquals("41.5", p.stateAfter().get("thermal.cpu-big"));
        assertTrue(p.table().contains("Conv"), p.table());
    }
}
