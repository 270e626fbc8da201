package dev.ondeck.engine.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.quant.QuantizedModel;
import dev.ondeck.engine.quant.Quantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 acceptance on the perf models: mobilenet_v2 and resnet18, quantised to QDQ (calibrated on 2 seeded
 * random inputs), run on {@code npu-emu} under the NNAPI-like profile. The partition report lists every node of
 * the model (Q/DQ included) in order with its placement and a reason, segments cover the nodes exactly, the
 * plan's labels follow the placements, and the logits agree with {@code cpu-ref} on the same QDQ model (cosine
 * at least 0.99 on 2 seeded inputs). The float models place nothing on the NPU. A profile without one op the
 * model uses cuts it into many segments; the hand-offs counted while running are the partition's boundary
 * tensors, with their bytes, and the logits still agree with {@code cpu-ref}. (A tensor may also go from one NPU
 * segment to a later one past a CPU segment, e.g. a residual: separate NPU partitions, so it is a hand-off too.)
 */
class PerfModelPartitionTest {
    /** Cosine of npu-emu's logits to cpu-ref's on the same QDQ model, at least. */
    static final double MIN_COSINE = 0.99;
    private static final Map<String, QuantizedModel> QUANTISED = new HashMap<>();

    static synchronized QuantizedModel quantised(String name) throws IOException {
        QuantizedModel q = QUANTISED.get(name);
        if (q == null) {
            Path file = SharedData.require("models/perf/" + name + "/model.onnx");
            List<Map<String, Tensor>> samples = new ArrayList<>();
            try (Model m = Model.load(file)) {
                for (long seed = 1; seed <= 2; seed++) {
                    samples.add(RandomInputs.of(m, seed, new HashMap<>()));
                }
            }
            q = Quantizer.builder().build().quantize(file, samples);
            QUANTISED.put(name, q);
        }
        return q;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "resnet18"})
    void floatModelsPlaceNothingOnTheNpu(String name) throws IOException {
        try (Model m = Model.load(SharedData.require("models/perf/" + name + "/model.onnx"))) {
            PartitionReport r = NpuPartitioner.partition(m, NpuProfile.nnapiLike());
            assertListsEveryNode(m, r);
            assertTrue(r.placements().stream().filter(p -> !p.reason().startsWith("constant"))
                    .noneMatch(PartitionReport.Placement::onNpu), "a float model has no NPU node");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "resnet18"})
    void qdqModelRunsOnNpuEmuWithEveryNodePlacedAndAgreesWithCpuRef(String name) throws IOException {
        QuantizedModel q = quantised(name);
        try (Model m = Model.fromBytes(q.bytes(), null); Session npu = m.newSession("npu-emu"); Session ref = m.newSession("cpu-ref")) {
            NpuEmuBackend backend = (NpuEmuBackend) npu.plan().backend();
            PartitionReport r = backend.partition();
            assertEquals("nnapi-like", r.profile(), "the NNAPI-like profile is the default");
            assertListsEveryNode(m, r);
            assertPlanFollowsPartition(npu.plan(), r);
            ExecutionPlan plan = npu.plan();
            long int8 = IntStream.range(0, plan.nodeCount()).filter(n -> convOrGemm(plan.node(n).opType()))
                    .filter(n -> plan.backendOf(n).equals(NpuEmuBackend.NPU_INT8)).count();
            long convAndGemm = m.nodes().stream().filter(n -> convOrGemm(n.opType())).count();
            System.out.printf("%s int8: %s; npu-emu partition: %d nodes, %d NPU / %d CPU segments %s, %d hand-offs;"
                            + " %d of %d Conv/Gemm on int8 kernels%n", name, q.summary(), r.placements().size(), r.npuSegments(),
                    r.cpuSegments(), sizes(r), r.handOffs(), int8, convAndGemm);
            assertEquals(1, r.npuSegments(), r.table());
            assertEquals(0, r.cpuSegments(), r.table());
            assertEquals(convAndGemm, int8, "every Conv/Gemm of the one NPU segment runs as an int8 kernel");
            assertAgreesWithCpuRef(name + " nnapi-like", m, npu, ref);
            assertEquals(0, backend.handOffs().count(), "one segment hands nothing off");
        }
    }

    @ParameterizedTest
    @CsvSource({"mobilenet_v2, Clip", "resnet18, Add"})
    void aProfileWithoutOneOpCutsTheModelAndTheRunCountsItsHandOffs(String name, String missingOp) throws IOException {
        QuantizedModel q = quantised(name);
        String text = NpuPartitionerTest.bundledProfileText().lines().filter(l -> !l.matches("op\\s+" + missingOp + "\\b.*"))
                .map(l -> l.replace("name nnapi-like", "name nnapi-like-without-" + missingOp)).collect(Collectors.joining("\n"));
        NpuProfile profile = NpuProfile.parse(text, "test profile");
        try (Model m = Model.fromBytes(q.bytes(), null);
             Session npu = m.newSession(SessionOptions.builder().backend(NpuEmuBackend.of(m, profile)).build());
             Session ref = m.newSession("cpu-ref")) {
            NpuEmuBackend backend = (NpuEmuBackend) npu.plan().backend();
            PartitionReport r = backend.partition();
            assertListsEveryNode(m, r);
            assertPlanFollowsPartition(npu.plan(), r);
            long missing = m.nodes().stream().filter(n -> n.opType().equals(missingOp)).count();
            for (PartitionReport.Placement p : r.placements()) {
                if (p.opType().equals(missingOp)) {
                    assertFalse(p.onNpu(), p.node());
                    assertTrue(p.reason().contains("op " + missingOp + " is not in profile"), p.reason());
                }
            }
            assertTrue(r.cpuSegments() >= 1 && r.npuSegments() >= 2, r.table());
            for (PartitionReport.HandOff h : r.handOffTensors()) {
                assertTrue(h.from() < h.to(), h.tensor() + " goes from an earlier segment to a later one");
                assertTrue(h.bytes() > 0, "static size of " + h.tensor());
            }
            int runs = 2;
            assertAgreesWithCpuRef(name + " without " + missingOp, m, npu, ref);
            HandOffCounter counted = backend.handOffs();
            Map<String, Long> expected = new LinkedHashMap<>();
            long bytes = 0;
            for (PartitionReport.HandOff h : r.handOffTensors()) {
                expected.merge(h.tensor(), (long) runs, Long::sum);
                bytes += h.bytes();
            }
            System.out.printf("%s int8 under nnapi-like without %s (%d such nodes): %d NPU / %d CPU segments, %d hand-offs"
                            + " per run (%d bytes), counted while running %d runs: %d hand-offs, %d bytes (%d into NPU, %d into CPU)%n",
                    name, missingOp, missing, r.npuSegments(), r.cpuSegments(), r.handOffs(), bytes, runs, counted.count(),
                    counted.bytes(), counted.intoNpu(), counted.intoCpu());
            assertEquals(expected, counted.byTensor(), "each boundary tensor counted once per run and reading segment");
            assertEquals((long) runs * r.handOffs(), counted.count());
            assertEquals(runs * bytes, counted.bytes());
            long intoNpu = r.handOffTensors().stream().filter(h -> r.segments().get(h.to()).onNpu()).count();
            assertEquals(runs * intoNpu, counted.intoNpu());
            assertEquals(runs * (r.handOffs() - intoNpu), counted.intoCpu());
        }
    }

    @org.junit.jupiter.api.Test
    void fp16WeightModelGoesToAnNpuThatRelaxesFloat32ToFloat16AndItsValuesAreFloat16() throws IOException {
        Path file = SharedData.require("models/perf/mobilenet_v2/model.onnx");
        QuantizedModel q = Quantizer.builder().fp16(true).build().quantize(file, List.of());
        NpuProfile relaxed = NpuProfile.parse(NpuPartitionerTest.bundledProfileText().replace("name nnapi-like", "name nnapi-like-fp16")
                + NpuProfile.RELAX_FLOAT32 + "\n", "fp16 profile");
        try (Model m = Model.fromBytes(q.bytes(), null);
             Session npu = m.newSession(SessionOptions.builder().backend(NpuEmuBackend.of(m, relaxed)).build());
             Session ref = m.newSession("cpu-ref")) {
            PartitionReport strict = NpuPartitioner.partition(m, NpuProfile.nnapiLike());
            assertListsEveryNode(m, strict);
            assertTrue(strict.placements().stream().filter(p -> !p.reason().startsWith("constant")).noneMatch(PartitionReport.Placement::onNpu),
                    "an int8-only profile takes nothing of a float model");
            PartitionReport r = ((NpuEmuBackend) npu.plan().backend()).partition();
            assertListsEveryNode(m, r);
            assertPlanFollowsPartition(npu.plan(), r);
            long half = r.placements().stream().filter(PartitionReport.Placement::float16).count();
            System.out.printf("mobilenet_v2 fp16 weights (%s): under nnapi-like %d NPU / %d CPU segments; with %s %d NPU / %d CPU"
                    + " segments %s, %d nodes computed as float16%n", q.summary(), strict.npuSegments(), strict.cpuSegments(),
                    NpuProfile.RELAX_FLOAT32, r.npuSegments(), r.cpuSegments(), sizes(r), half);
            assertEquals(1, r.npuSegments(), r.table());
            assertEquals(0, r.cpuSegments(), r.table());
            assertTrue(r.placements().stream().filter(PartitionReport.Placement::float16)
                    .allMatch(p -> p.reason().endsWith("(float32 computed as float16)")), r.table());
            Map<String, Tensor> in = RandomInputs.of(m, 100, new HashMap<>());
            Tensor logits = npu.run(in).get(0);
            for (int i = 0; i < logits.size(); i++) {
                float v = logits.floats()[i];
                assertEquals(dev.ondeck.engine.quant.Half.round(v), v, "logit " + i + " is a float16 value");
            }
            double cos = cosine(logits, ref.run(in).get(0));
            System.out.printf("mobilenet_v2 fp16 on npu-emu (float16 values) vs cpu-ref (float32): cosine %.6f%n", cos);
            assertTrue(cos >= MIN_COSINE, "cosine " + cos);
        }
    }

    /** Runs both sessions on 2 seeded inputs: the logits' cosine is at least {@link #MIN_COSINE}. */
    static void assertAgreesWithCpuRef(String what, Model m, Session npu, Session ref) {
        for (long seed = 100; seed < 102; seed++) {
            Map<String, Tensor> in = RandomInputs.of(m, seed, new HashMap<>());
            Tensor a = npu.run(in).get(0);
            Tensor b = ref.run(in).get(0);
            double cos = cosine(a, b);
            double maxAbs = 0;
            for (int i = 0; i < a.size(); i++) {
                maxAbs = Math.max(maxAbs, Math.abs(a.getDouble(i) - b.getDouble(i)));
            }
            System.out.printf("%s seed %d: npu-emu vs cpu-ref on the QDQ model: cosine %.5f, max abs %.4g%n", what, seed, cos, maxAbs);
            assertTrue(cos >= MIN_COSINE, what + ": cosine " + cos);
        }
    }

    /** One placement per node of the model, in the model's order and by name, a reason each, segments tiling them. */
    static void assertListsEveryNode(Model m, PartitionReport r) {
        List<Node> nodes = m.nodes();
        assertEquals(nodes.size(), r.placements().size(), "every node listed");
        for (int n = 0; n < nodes.size(); n++) {
            PartitionReport.Placement p = r.placements().get(n);
            assertEquals(nodes.get(n).name(), p.node());
            assertEquals(nodes.get(n).opType(), p.opType());
            assertEquals(n, p.index());
            assertFalse(p.reason().isBlank(), "reason for node " + p.node());
            if (!p.onNpu() && !p.reason().startsWith("constant")) {
                assertFalse(p.reason().startsWith("op and dtypes supported"), p.node() + ": " + p.reason());
            }
        }
        int next = 0;
        for (int s = 0; s < r.segments().size(); s++) {
            PartitionReport.Segment seg = r.segments().get(s);
            assertEquals(next, seg.first(), "segments are contiguous");
            if (s > 0) {
                assertNotEquals(r.segments().get(s - 1).onNpu(), seg.onNpu(), "neighbouring segments differ in placement");
            }
            for (int n = seg.first(); n <= seg.last(); n++) {
                assertEquals(seg.onNpu(), r.placements().get(n).onNpu());
            }
            next = seg.last() + 1;
        }
        assertEquals(nodes.size(), next, "segments cover every node");
        assertEquals(r.segments().size(), r.npuSegments() + r.cpuSegments());
        assertEquals(nodes.size(), r.segments().stream().mapToInt(PartitionReport.Segment::size).sum());
    }

    /** Every node the plan runs carries its placement's label (fused nodes carry their producer's, same placement). */
    private static boolean convOrGemm(String opType) {
        return opType.equals("Conv") || opType.equals("Gemm");
    }

    static void assertPlanFollowsPartition(ExecutionPlan plan, PartitionReport r) {
        for (int n = 0; n < plan.nodeCount(); n++) {
            if (plan.isFolded(n)) {
                continue;
            }
            String label = plan.backendOf(n);
            boolean npu = r.placements().get(n).onNpu();
            String npuLabel = r.placements().get(n).float16() ? NpuEmuBackend.NPU_FP16 : NpuEmuBackend.NPU_FLOAT;
            assertTrue(npu ? label.equals(NpuEmuBackend.NPU_INT8) || label.equals(npuLabel) : label.equals(NpuEmuBackend.CPU),
                    plan.node(n).name() + " placed " + (npu ? "NPU" : "CPU") + " but labelled " + label);
            if (plan.fusedInto(n) >= 0) {
                assertEquals(npu, r.placements().get(plan.fusedInto(n)).onNpu(), "fusion stays within a placement: " + plan.node(n).name());
            }
        }
    }

    static double cosine(Tensor a, Tensor b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.size(); i++) {
            ab += a.getDouble(i) * b.getDouble(i);
            aa += a.getDouble(i) * a.getDouble(i);
            bb += b.getDouble(i) * b.getDouble(i);
        }
        return ab / Math.sqrt(aa * bb);
    }

    static String sizes(PartitionReport r) {
        return r.segments().stream().map(s -> (s.onNpu() ? "N" : "C") + s.size()).collect(Collectors.joining(" ", "[", "]"));
    }
}
