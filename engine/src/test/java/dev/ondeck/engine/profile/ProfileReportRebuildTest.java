package dev.ondeck.engine.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A report rebuilt from its public accessors (as a device sends it) is the same report. */
class ProfileReportRebuildTest {
    @Test
    void rebuiltReportHasTheSameTableJsonAndTrace() {
        try (Session s = ProfilerTest.model().newSession("cpu-ref")) {
            ProfileReport r = s.profile(ProfilerTest.input(), 1, 4);
            List<NodeProfile> nodes = new ArrayList<>();
            for (NodeProfile n : r.nodes()) {
                nodes.add(NodeProfile.of(n.name(), n.opType(), n.index(), n.backend(), n.folded(), n.times(), n.flops(),
                        n.inputBytes(), n.outputBytes(), n.outputShapes()));
            }
            ProfileReport copy = ProfileReport.of(r.model(), r.backend(), r.threads(), r.warmup(), r.runTimes(), r.nodeTimeSums(),
                    nodes, r.memoryTimeline(), r.traceStarts(), r.traceDurations());
            assertEquals(r.toJson(), copy.toJson());
            assertEquals(r.toChromeTrace(), copy.toChromeTrace());
            assertEquals(r.table(10), copy.table(10));
            assertEquals(4, copy.runTimes().length);
            assertArrayEquals(r.node("mm").times(), copy.node("mm").times());
        }
    }

    @Test
    void perNodeArraysMustMatchTheNodes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileReport.of("m", "b", 1, 0,
                new long[] {1}, new long[] {1}, List.of(), new long[1], new long[0], new long[0]));
        assertTrue(e.getMessage().contains("one entry per node (0)"), e.getMessage());
    }
}
