package dev.ondeck.engine.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import java.util.List;
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
    }
}
