package dev.ondeck.visualizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.diff.BackendDiff;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.engine.inspect.TensorStats;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FromEngineTest {
    private static Model model;
    private static ProfileReport profile;

    @BeforeAll
    static void profileTinyNet() {
        model = TinyNet.build();
        try (Session s = model.newSession("cpu-ref")) {
            profile = s.profile(Map.of("image", TinyNet.input()), 1, 3);
        }
    }

    @Test
    void timingsFollowTheProfile() {
        List<NodeTiming> t = FromEngine.timings(profile);
        assertEquals(profile.nodes().stream().filter(n -> !n.folded()).count(), t.size());
        for (int i = 1; i < t.size(); i++) {
            assertTrue(t.get(i).startNanos() >= t.get(i - 1).startNanos(), "starts in execution order");
        }
        NodeTiming conv = t.get(0);
        assertEquals("/stem/conv/Conv", conv.name());
        assertEquals(profile.node(conv.name()).flops(), conv.flops());
        assertEquals(profile.node(conv.name()).medianNanos(), conv.nanos());
        assertFalse(conv.fallback());
        List<NodeTiming> last = FromEngine.lastRun(profile);
        assertEquals(t.size(), last.size());
        for (int i = 1; i < last.size(); i++) {
            assertTrue(last.get(i).startNanos() >= last.get(i - 1).startNanos() + last.get(i - 1).nanos() - 1000,
                    "one node after another in the measured run");
        }
        assertTrue(profile.node(conv.name()).times()[0] <= last.get(0).nanos() + 1000);
        Pictures.wellFormed(Charts.timeline("tiny", last));
        Pictures.wellFormed(Charts.roofline("tiny", t, new Machine(10, 5, "given")));
    }

    @Test
    void memoryAndBackendTimesComeFromTheProfile() {
        MemoryTimeline m = FromEngine.memory(profile);
        assertArrayEquals(profile.memoryTimeline(), m.liveBytes());
        assertEquals(profile.peakActivationBytes(), m.peakBytes());
        BackendTimes b = FromEngine.backendTimes(profile);
        assertEquals("cpu-ref", b.backend());
        assertEquals(profile.node("softmax").medianNanos(), b.nanosByNode().get("softmax"));
    }

    @Test
    void graphHasInputsOutputsEdgesAndScopes() {
        ModelGraph g = FromEngine.graph(model.graph(), profile);
        assertEquals(10 + 2, g.nodes().size());
        assertEquals(ModelGraph.Kind.INPUT, g.nodes().get(0).kind());
        assertTrue(g.edges().contains(new ModelGraph.Edge("/stem/relu/Relu", "/block1/add/Add", "r1")), "skip edge");
        assertTrue(g.edges().contains(new ModelGraph.Edge("softmax", "output:probs", "probs")));
        ModelGraph.Node conv = g.nodes().get(1);
        assertEquals("/stem", conv.group());
        assertEquals("cpu-ref", conv.backend());
        double shares = g.nodes().stream().mapToDouble(ModelGraph.Node::timeShare).sum();
        assertEquals(1.0, shares, 1e-9);
        Pictures.parsesAsSvg(GraphDiagram.of(g).colour(NodeColour.TIME_SHARE).svg());
    }

    @Test
    void engineChartsGiveEachObjectItsPictures() {
        List<Figure> p = EngineCharts.profile(profile);
        assertEquals(4, p.size());
        p.forEach(Pictures::decodes);
        List<Figure> t = EngineCharts.tensor("image", TinyNet.input());
        assertEquals(2, t.size());
        assertEquals(1, EngineCharts.tensor("scalar", Tensor.of(new float[] {1, 2, 3}, 3)).size());
        Pictures.parsesAsSvg(EngineCharts.model(model.graph(), profile).svg());
        assertTrue(EngineCharts.model(model.graph(), null).html().contains("<details"));
    }

    @Test
    void scopesGroupPathAndDottedNames() {
        assertEquals("/features/features.3", FromEngine.scope("/features/features.3/conv/Conv"));
        assertEquals("/head", FromEngine.scope("/head/Gemm"));
        assertEquals("l5", FromEngine.scope("l5.conv"));
        assertEquals("", FromEngine.scope("softmax"));
    }

    @Test
    void diffErrorsAndTensorPicturesComeFromTheEngine() {
        SessionOptions o = SessionOptions.builder().backend("cpu-ref").foldConstants(false).build();
        try (Session a = model.newSession(o); Session b = model.newSession(o)) {
            DiffReport d = BackendDiff.compare(a, b, Map.of("image", TinyNet.input()));
            List<NodeError> e = FromEngine.errors(d);
            assertEquals(d.nodes().size(), e.size());
            assertEquals(0, e.stream().mapToDouble(NodeError::maxAbs).max().orElse(0));
            Pictures.wellFormed(Charts.nodeErrors("same backend", e, 1e-5));
        }
        Tensor image = TinyNet.input();
        Histogram h = FromEngine.histogram("image", TensorStats.of(image, 16));
        assertEquals(image.size(), h.total());
        FeatureMaps maps = FromEngine.featureMaps("image", image);
        assertEquals(3, maps.channels());
        assertEquals((float) image.getDouble(16 * 16 + 5), maps.at(1, 0, 5));
    }
}
