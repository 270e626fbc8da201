package dev.ondeck.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.graph.Node;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Profiles mobilenet_v2: the per-node times add up to the whole run, and every node is in the JSON. */
class MobileNetProfileTest {
    @Test
    void nodeTimesAddUpAndEveryNodeIsListed() throws IOException {
        Model model = Model.load(SharedData.require("models/perf/mobilenet_v2/model.onnx"));
        try (Session s = model.newSession("cpu-ref")) {
            ProfileReport r = s.profile(RandomInputs.of(model), 2, 5);
            double ratio = (double) r.nodeTimeSumMedianNanos() / r.runMedianNanos();
            assertTrue(ratio > 0.9 && ratio < 1.1, "sum of node times / run time (medians over runs) = " + ratio);
            String json = r.toJson();
            assertEquals(model.nodes().size(), r.nodes().size());
            for (Node n : model.nodes()) {
                NodeProfile p = r.node(n.name());
                assertNotNull(p, n.name());
                assertTrue(json.contains("\"name\": \"" + n.name() + "\""), n.name());
                assertTrue(p.folded() || p.medianNanos() > 0, n.name());
                assertTrue(p.backend().equals("cpu-ref") || p.folded(), n.name() + " ran on " + p.backend());
            }
            assertTrue(r.totalFlops() > 0.5e9, "mobilenet_v2 is about 0.6 GFLOP, profile says " + r.totalFlops());
        }
    }
}
