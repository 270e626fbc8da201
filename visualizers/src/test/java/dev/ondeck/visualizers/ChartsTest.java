package dev.ondeck.visualizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    private static List<NodeTiming> timings() {
        List<NodeTiming> out = new ArrayList<>();
        String[] types = {"Conv", "Relu", "Add", "MatMul"};
        long t = 0;
        for (int i = 0; i < 40; i++) {
            long nanos = 1000L * (i % 7 + 1) * (i % 4 == 0 ? 10 : 1);
            out.add(new NodeTiming("/model/block" + i + "/op", types[i % 4], "cpu-ref", i % 2 == 0 ? "t0" : "t1", t, nanos,
                    100_000L * (i + 1), 4000L * (i % 5 + 1), i == 5));
            t += nanos;
        }
        return out;
    }

    @Test
    void latencyBarsShowTheSlowestNodesOneSeriesPerOpType() {
        Figure f = Charts.latencyBars("slowest", timings(), 10);
        double[] heights = new double[10];
        for (Series s : f.series()) {
            assertEquals(10, s.y().length);
            for (int i = 0; i < 10; i++) {
                heights[i] += s.y()[i];
            }
        }
        for (int i = 1; i < 10; i++) {
            assertTrue(heights[i - 1] >= heights[i], "bars sorted by time");
        }
        assertEquals(0.07, heights[0], 1e-12);
        assertTrue(f.series().stream().anyMatch(s -> s.name().equals("Conv")));
        Pictures.wellFormed(f);
    }

    @Test
    void opTypeBreakdownSumsPerTypeAndFoldsTheTail() {
        List<NodeTiming> t = timings();
        Figure f = Charts.opTypeBreakdown("by op", t, 2);
        Series s = f.series().get(0);
        assertEquals(3, s.labels().size());
        assertEquals("Conv", s.labels().get(0));
        assertEquals("other", s.labels().get(2));
        double total = t.stream().mapToLong(NodeTiming::nanos).sum() / 1e6;
        assertEquals(total, java.util.Arrays.stream(s.y()).sum(), 1e-9);
        Pictures.wellFormed(f);
    }

    @Test
    void timelineHasOneRowPerLaneWithStartTimes() {
        Figure f = Charts.timeline("timeline", timings());
        assertEquals(List.of("t0", "t1"), f.series().stream().map(Series::name).toList());
        assertEquals(20, f.series().get(0).x().length);
        assertEquals(0.0, f.series().get(0).x()[0]);
        Pictures.wellFormed(f);
    }

    @Test
    void backendComparisonKeepsTheTopNodesInExecutionOrder() {
        BackendTimes a = new BackendTimes("cpu-ref", Map.of("n1", 5L, "n2", 100L));
        BackendTimes b = new BackendTimes("cpu-fast", new java.util.LinkedHashMap<>(Map.of("n1", 50L, "n3", 1L)));
        Figure f = Charts.backendComparison("backends", List.of(a, b), 2);
        assertEquals(2, f.series().size());
        assertEquals(2, f.series().get(0).labels().size());
        assertTrue(f.series().get(0).labels().containsAll(List.of("n1", "n2")));
        Pictures.wellFormed(f);
    }

    @Test
    void rooflinePlacesTimedNodesUnderTheRoof() {
        Machine m = new Machine(50, 10, "given");
        assertEquals(5, m.ridgePoint(), 1e-12);
        assertEquals(10, m.roof(1), 1e-12);
        assertEquals(50, m.roof(100), 1e-12);
        List<NodeTiming> t = new ArrayList<>(timings());
        t.add(NodeTiming.of("untimed", "Reshape", 0));
        Figure f = Charts.roofline("roofline", t, m);
        int points = f.series().stream().filter(s -> !s.name().equals("roof")).mapToInt(s -> s.x().length).sum();
        assertEquals(40, points);
        Series roof = f.series().get(0);
        assertEquals(50, roof.y()[2], 1e-12);
        Pictures.wellFormed(f);
        Figure withCache = Charts.roofline("roofline", t, new Machine(50, 10, 40, "given"));
        Series cache = withCache.series().get(1);
        assertEquals("cache roof", cache.name());
        assertEquals(50 / 40.0, cache.x()[1], 1e-12);
    }

    @Test
    void memoryTimelineMarksThePeak() {
        MemoryTimeline m = new MemoryTimeline("mem", List.of("a", "b", "c"), new long[] {1 << 20, 3 << 20, 2 << 20});
        assertEquals(1, m.peakIndex());
        Figure f = Charts.memoryTimeline(m);
        assertArrayEquals(new double[] {1, 3, 2}, f.series().get(0).y(), 1e-12);
        assertTrue(f.title().contains("peak 3.00 MiB after b"), f.title());
        Pictures.wellFormed(f);
    }

    @Test
    void histogramCountsEveryFiniteValue() {
        Histogram h = Histogram.of("values", new double[] {0, 0.1, 0.5, 0.9, 1.0, Double.NaN}, 4);
        assertEquals(5, h.total());
        assertArrayEquals(new long[] {2, 0, 1, 2}, h.counts());
        Figure f = Charts.histogram(h);
        assertArrayEquals(new double[] {2, 0, 1, 2}, f.series().get(0).y(), 1e-12);
        Pictures.wellFormed(f);
        assertThrows(IllegalArgumentException.class, () -> new Histogram("bad", new double[2], new long[2]));
    }

    @Test
    void nodeErrorsSplitByTolerance() {
        List<NodeError> e = List.of(new NodeError("a", "Conv", 0, 0, 0, null), new NodeError("b", "Relu", 1, 1e-3, 1e-3, null),
                new NodeError("c", "Add", 2, Double.POSITIVE_INFINITY, Double.NaN, "output 0: shape"));
        Figure f = Charts.nodeErrors("errors", e, 1e-4);
        Map<String, Integer> counts = new java.util.HashMap<>();
        f.series().forEach(s -> counts.put(s.name(), s.x().length));
        assertEquals(Map.of("within tolerance", 1, "above tolerance", 1, "not comparable", 1), counts);
        Pictures.wellFormed(f);
    }

    @Test
    void featureMapsDrawEachChannelScaledToItsRange() {
        float[] data = new float[4 * 5 * 6];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        FeatureMaps maps = new FeatureMaps("act", 4, 5, 6, data);
        Figure f = Charts.featureMaps(maps, 3);
        assertArrayEquals(new double[] {0, 30, 60}, f.series().get(0).y(), 1e-12);
        assertArrayEquals(new double[] {29, 59, 89}, f.series().get(1).y(), 1e-12);
        assertTrue(f.title().contains("first 3 of 4"));
        Pictures.wellFormed(f);
        assertThrows(IllegalArgumentException.class, () -> new FeatureMaps("bad", 2, 2, 2, new float[7]));
    }

    @Test
    void figuresWriteByExtension(@TempDir Path dir) throws Exception {
        Figure f = Charts.latencyBars("slowest", timings(), 5);
        assertTrue(Files.size(f.write(dir.resolve("a.png"))) > 0);
        assertTrue(Files.readString(f.write(dir.resolve("a.svg"))).contains("<svg"));
        assertTrue(Files.readString(f.write(dir.resolve("a.html"))).contains("data:image/png;base64,"));
        assertThrows(IllegalArgumentException.class, () -> f.write(dir.resolve("a.gif")));
    }
}
