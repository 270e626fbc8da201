package dev.ondeck.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.diff.BackendDiff;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.engine.diff.NodeDiff;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.ops.ConvOps;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code BackendDiff} (what {@code ondeck diff MODEL --backend cpu-ref --vs opencl} prints) between cpu-ref
 * and opencl on MobileNetV2: no node diverges, in fp32 or fp16 storage; with the depthwise-convolution
 * kernel deliberately broken (test-only property) the first divergent node is the first depthwise Conv.
 */
class DiffTest {
    private static Model model;
    private static Map<String, Tensor> inputs;

    @BeforeAll
    static void load() throws IOException {
        OpenClPresent.require();
        model = Model.load(SharedData.require("models/perf/mobilenet_v2/model.onnx"));
        inputs = RandomInputs.of(model);
    }

    private static DiffReport diff(String backend) {
        try (Session ref = model.newSession(SessionOptions.builder().backend("cpu-ref").foldConstants(false).build());
             Session other = model.newSession(SessionOptions.builder().backend(backend).foldConstants(false).build())) {
            return BackendDiff.compare(ref, other, inputs);
        }
    }

    @Test
    void openClMatchesTheReferenceAtEveryNode() {
        DiffReport r = diff("opencl");
        NodeDiff first = r.firstDivergent(1e-3);
        assertNull(first, () -> "unexpected divergence:\n" + r.table(1e-3));
    }

    @Test
    void fp16StorageStaysCloseAndTheDiffShowsItsPerNodeError() {
        DiffReport r = diff("opencl-fp16");
        double worst = 0;
        for (NodeDiff d : r.nodes()) {
            worst = d.comparison() == null ? worst : Math.max(worst, d.comparison().maxAbsError());
        }
        System.out.printf("opencl-fp16 vs cpu-ref on mobilenet_v2: worst per-node max abs error %.4g%n", worst);
        assertTrue(worst > 0, "fp16 storage should round somewhere");
        assertTrue(worst < 0.5, "fp16 storage error too large: " + worst + "\n" + r.table(0.05));
    }

    @Test
    void aBrokenKernelIsNamedAsTheFirstDivergentNode() {
        String expected = null;
        for (Node n : model.graph().nodes()) {
            if (n.op() instanceof ConvOps.Conv && ((ConvOps.Conv) n.op()).group() > 1) {
                expected = n.name();
                break;
            }
        }
        assertNotNull(expected, "mobilenet_v2 has depthwise convolutions");
        System.setProperty(OpenClBackend.BREAK_PROPERTY, "conv_depthwise");
        DiffReport r;
        try {
            r = diff("opencl");
        } finally {
            System.clearProperty(OpenClBackend.BREAK_PROPERTY);
        }
        NodeDiff first = r.firstDivergent(1e-3);
        assertNotNull(first, "the broken kernel went unnoticed");
        assertEquals(expected, first.node(), r.table(1e-3));
    }
}
