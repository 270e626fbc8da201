package dev.ondeck.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.RunCancelledException;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProfilerTest {
    /** MatMul + Add + Relu on 64x64, with a constant Shape/Reshape pair that folds at prepare time, and unnamed nodes. */
    static Model model() {
        float[] w = new float[64 * 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) * 0.01f;
        }
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 64, 64)
                .initializer("w", Tensor.of(w, 64, 64))
                .initializer("target", Tensor.of(new long[] {64, 64}, 2))
                .node("Reshape", n -> n.name("fold_me").inputs("w", "target").outputs("w2"))
                .node("MatMul", n -> n.name("mm").inputs("x", "w2").outputs("a"))
                .node("Add", n -> n.inputs("a", "x").outputs("b"))
                .node("Relu", n -> n.inputs("b").outputs("y"))
                .output("y", DType.FLOAT, 64, 64)
                .build();
    }

    static Map<String, Tensor> input() {
        float[] x = new float[64 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        return Collections.singletonMap("x", Tensor.of(x, 64, 64));
    }

    @Test
    void reportsEveryWarmUpAndTimedRunAsProgress() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        try (Session s = model().newSession("cpu-ref")) {
            s.profile(input(), 2, 3, (task, done, total) -> seen.add(task + " " + done + "/" + total));
        }
        assertEquals(java.util.List.of("warm-up 1/5", "warm-up 2/5", "timed run 3/5", "timed run 4/5", "timed run 5/5"), seen);
    }

    @Test
    void listsEveryNodeWithTimeFlopsBytesAndBackend() {
        try (Session s = model().newSession("cpu-ref")) {
            ProfileReport r = s.profile(input(), 2, 5);
            assertEquals(4, r.nodes().size());
            NodeProfile fold = r.node("fold_me");
            assertTrue(fold.folded());
            assertEquals("folded", fold.backend());
            assertEquals(0, fold.medianNanos());
            NodeProfile mm = r.node("mm");
            assertEquals(2L * 64 * 64 * 64, mm.flops());
            assertEquals("cpu-ref", mm.backend());
            assertEquals(3L * 64 * 64 * 4, mm.bytesMoved());
            assertTrue(mm.medianNanos() > 0);
            assertEquals(r.nodes().get(2), r.node("Add_2"));
            assertEquals(r.nodes().get(3), r.node("Relu_3"));
            String json = r.toJson();
            for (String name : new String[] {"fold_me", "mm", "Add_2", "Relu_3"}) {
                assertTrue(json.contains("\"name\": \"" + name + "\""), name);
            }
            assertTrue(json.contains("\"schema\": \"ondeck.profile/1\""));
            assertTrue(r.toChromeTrace().contains("\"ph\": \"X\""));
            assertEquals(64 * 64 * 4 * 3, r.peakActivationBytes());
            assertTrue(r.table(10).contains("MatMul"));
        }
    }

    @Test
    void interruptStopsALongProfileWithinANode() {
        try (Session s = model().newSession("cpu-ref")) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    s.profile(input(), 0, 1_000_000);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                t.start();
                Thread.sleep(300);
                t.interrupt();
                t.join();
            });
            assertTrue(failure.get() instanceof RunCancelledException, String.valueOf(failure.get()));
        }
    }

    @Test
    void refusesNonsenseRunCounts() {
        try (Session s = model().newSession("cpu-ref")) {
            assertThrows(IllegalArgumentException.class, () -> s.profile(input(), 0, 0));
        }
    }
}
