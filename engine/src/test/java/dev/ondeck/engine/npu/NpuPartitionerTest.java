package dev.ondeck.engine.npu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.profile.ProfileReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The NPU partitioner under the bundled NNAPI-like profile. */
class NpuPartitionerTest {
    /** x -> [Q, DQ, Relu, Q, DQ] -> Erf (not an NNAPI op) -> [Q, DQ, Relu, Q] -> y (uint8). */
    static Model unsupportedOpInTheMiddle() {
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, 8)
                .initializer("s", Tensor.of(new float[] {0.05f}))
                .initializer("z", Tensor.wrap(DType.UINT8, new byte[] {(byte) 128}));
        b.node("QuantizeLinear", n -> n.inputs("x", "s", "z").outputs("xq"))
                .node("DequantizeLinear", n -> n.inputs("xq", "s", "z").outputs("xd"))
                .node("Relu", n -> n.inputs("xd").outputs("r1"))
                .node("QuantizeLinear", n -> n.inputs("r1", "s", "z").outputs("r1q"))
                .node("DequantizeLinear", n -> n.inputs("r1q", "s", "z").outputs("r1d"))
                .node("Erf", n -> n.inputs("r1d").outputs("e"))
                .node("QuantizeLinear", n -> n.inputs("e", "s", "z").outputs("eq"))
                .node("DequantizeLinear", n -> n.inputs("eq", "s", "z").outputs("ed"))
                .node("Relu", n -> n.inputs("ed").outputs("r2"))
                .node("QuantizeLinear", n -> n.inputs("r2", "s", "z").outputs("y"));
        return b.output("y", DType.UINT8, 1, 8).build();
    }

    @Test
    void oneUnsupportedOpInTheMiddleMakesTwoNpuSegmentsAndOneCpuSegment() {
        try (Model m = unsupportedOpInTheMiddle()) {
            PartitionReport r = NpuPartitioner.partition(m, NpuProfile.nnapiLike());
            assertEquals(2, r.npuSegments(), r.table());
            assertEquals(1, r.cpuSegments(), r.table());
            assertEquals(List.of(5, 1, 4), r.segments().stream().map(PartitionReport.Segment::size).collect(Collectors.toList()));
            assertEquals(10, r.placements().size(), "every node is listed");
            PartitionReport.Placement erf = r.placements().get(5);
            assertFalse(erf.onNpu());
            assertTrue(erf.reason().contains("op Erf is not in profile nnapi-like"), erf.reason());
            assertEquals(2, r.handOffs(), "r1d into the CPU segment, e out of it");
            assertTrue(r.table().contains("CPU  Erf"), r.table());
        }
    }

    @Test
    void runningCountsEachHandOffAtItsFirstReaderWithItsBytes() {
        try (Model m = unsupportedOpInTheMiddle(); Session s = m.newSession("npu-emu"); Session ref = m.newSession("cpu-ref")) {
            NpuEmuBackend backend = (NpuEmuBackend) s.plan().backend();
            PartitionReport r = backend.partition();
            assertEquals(List.of("r1d", "e"), r.handOffTensors().stream().map(PartitionReport.HandOff::tensor).collect(Collectors.toList()));
            assertEquals(List.of(32L, 32L), r.handOffTensors().stream().map(PartitionReport.HandOff::bytes).collect(Collectors.toList()),
                    "two float32[1,8] tensors");
            assertEquals(0, backend.handOffs().count(), "nothing counted before a run");
            float[] x = {-1f, -0.5f, 0f, 0.25f, 0.5f, 1f, 2f, 3f};
            Map<String, Tensor> in = Map.of("x", Tensor.of(x, 1, 8));
            for (int run = 1; run <= 3; run++) {
                Tensor y = s.run(in).get("y");
                assertArrayEquals(ref.run(in).get("y").bytes(), y.bytes(), "npu-emu computes what cpu-ref does");
                assertEquals(2L * run, backend.handOffs().count());
                assertEquals(64L * run, backend.handOffs().bytes());
                assertEquals(run, backend.handOffs().intoCpu(), "r1d into the Erf segment");
                assertEquals(run, backend.handOffs().intoNpu(), "e back into the NPU");
                assertEquals(Map.of("r1d", (long) run, "e", (long) run), backend.handOffs().byTensor());
            }
            ProfileReport p = s.profile(in, 1, 4);
            assertEquals(Map.of("npu_hand_offs", 2.0, "npu_hand_off_bytes", 64.0, "npu_hand_offs_into_npu", 1.0,
                    "npu_hand_offs_into_cpu", 1.0), p.backendCountersPerRun());
            assertTrue(p.timingNote().contains("this machine's CPU times"), p.timingNote());
            assertTrue(p.table(5).contains("per run: npu_hand_offs 2 npu_hand_off_bytes 64"), p.table(5));
            assertTrue(p.toJson().contains("\"backend_counters_per_run\": {\"npu_hand_offs\": 2, \"npu_hand_off_bytes\": 64,"), p.toJson());
            assertTrue(p.toJson().contains("\"timing_note\": \"npu-emu times are this machine's CPU times"), p.toJson());
        }
        try (Model m = unsupportedOpInTheMiddle(); Session s = m.newSession("cpu-ref")) {
            ProfileReport p = s.profile(Map.of("x", Tensor.of(new float[8], 1, 8)), 0, 1);
            assertTrue(p.backendCountersPerRun().isEmpty());
            assertTrue(p.toJson().contains("\"timing_note\": null,\n  \"backend_counters_per_run\": {},"), p.toJson());
        }
    }

    @Test
    void partitionJsonListsNodesSegmentsAndHandOffs() {
        try (Model m = unsupportedOpInTheMiddle()) {
            String json = NpuPartitioner.partition(m, NpuProfile.nnapiLike()).toJson();
            assertTrue(json.contains("\"schema\": \"ondeck.partition/1\""), json);
            assertTrue(json.contains("\"npu_segments\": 2,\n  \"cpu_segments\": 1,\n  \"hand_offs\": 2,"), json);
            assertTrue(json.contains("\"op_type\": \"Erf\", \"placement\": \"cpu\", \"segment\": 1, \"float16\": false, \"reason\": \"op Erf is not in profile nnapi-like\""), json);
            assertTrue(json.contains("{\"tensor\": \"e\", \"from_segment\": 1, \"to_segment\": 2, \"reader\": 6, \"bytes\": 32}"), json);
        }
    }

    static String bundledProfileText() {
        try (InputStream in = NpuProfile.class.getResourceAsStream("nnapi-like.profile")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void floatOpsOutsideQdqGroupsFallBackWithTheirTensorNamed() {
        try (Model m = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 4)
                .node("Relu", n -> n.inputs("x").outputs("y")).output("y", DType.FLOAT, 4).build()) {
            PartitionReport r = NpuPartitioner.partition(m, NpuProfile.nnapiLike());
            assertEquals(0, r.npuSegments());
            assertTrue(r.placements().get(0).reason().contains("input 'x' is float32 not read from a DequantizeLinear"),
                    r.placements().get(0).reason());
        }
    }

    @Test
    void profilesAreReadableTextWithNamedErrors() {
        NpuProfile p = NpuProfile.parse("name tiny\ndtypes int8\nop Relu  RELU\n", "tiny.profile");
        assertTrue(p.supports("Relu"));
        assertFalse(p.supports("Conv"));
        assertTrue(NpuProfile.nnapiLike().supports("Conv"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpuProfile.parse("name x\ndtypes int9\nop Relu\n", "bad.profile"));
        assertTrue(e.getMessage().contains("bad.profile:2: unknown dtype 'int9'"), e.getMessage());
        assertFalse(NpuProfile.nnapiLike().relaxedFloat32());
        assertTrue(NpuProfile.parse("name h\ndtypes int8\nop Relu\n" + NpuProfile.RELAX_FLOAT32 + "\n", "h").relaxedFloat32());
    }

    @Test
    void bundledProfilesAreFoundByNameAndAFileByPath() throws IOException {
        NpuProfile qnn = NpuProfile.named("qnn-like");
        assertEquals("qnn-like", qnn.name());
        assertTrue(qnn.supports("LayerNormalization") && qnn.supports("Conv") && !qnn.supports("Erf"));
        assertTrue(qnn.dtypes().contains(DType.INT16));
        assertEquals("nnapi-like", NpuProfile.named("nnapi-like").name());
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class, () -> NpuProfile.named("no-such-npu"));
        assertTrue(e.getMessage().contains("no-such-npu") && e.getMessage().contains("[nnapi-like, qnn-like]"), e.getMessage());
        try (Model m = unsupportedOpInTheMiddle()) {
            PartitionReport r = NpuPartitioner.partition(m, qnn);
            assertEquals(2, r.npuSegments(), r.table());
            assertTrue(r.placements().get(5).reason().contains("op Erf is not in profile qnn-like"), r.table());
        }
    }

    @Test
    void aRelaxedProfileTakesFloatNodesAndNpuEmuRoundsTheirOutputsToFloat16() {
        NpuProfile relaxed = NpuProfile.parse("name fp16\ndtypes int8 uint8\nop Relu\nop Mul\n" + NpuProfile.RELAX_FLOAT32 + "\n", "fp16");
        try (Model m = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 4).initializer("k", Tensor.of(new float[] {1f / 3}))
                .node("Mul", n -> n.inputs("x", "k").outputs("m")).node("Relu", n -> n.inputs("m").outputs("y"))
                .output("y", DType.FLOAT, 4).build();
             Session s = m.newSession(dev.ondeck.engine.SessionOptions.builder().backend(NpuEmuBackend.of(m, relaxed)).build())) {
            PartitionReport r = ((NpuEmuBackend) s.plan().backend()).partition();
            assertEquals(1, r.npuSegments(), r.table());
            assertTrue(r.placements().get(0).float16() && r.placements().get(0).reason().endsWith("(float32 computed as float16)"), r.table());
            assertEquals(NpuEmuBackend.NPU_FP16, s.plan().backendOf(0));
            float[] y = s.run(Map.of("x", Tensor.of(new float[] {1f, 2f, -3f, 1000f}, 4))).get("y").floats();
            assertArrayEquals(new float[] {0.33325195f, 0.6665039f, 0f, 333.25f}, y, "x / 3 rounded to float16, then Relu");
        }
    }
}
