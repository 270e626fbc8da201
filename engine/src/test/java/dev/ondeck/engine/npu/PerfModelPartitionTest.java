package dev.ondeck.engine.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.quant.QuantizedModel;
import dev.ondeck.engine.quant.Quantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mobilenet_v2 and resnet18, quantised to QDQ (calibrated on 2 seeded random inputs), partitioned under the
 * NNAPI-like profile: the report lists every node with a placement and a reason. The float models, by contrast,
 * have no NPU node at all (the profile computes in int8/uint8/int32 only).
 */
class PerfModelPartitionTest {
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "resnet18"})
    void everyNodeIsListedAndTheQdqModelIsOneNpuSegment(String name) throws IOException {
        Path file = SharedData.require("models/perf/" + name + "/model.onnx");
        List<Map<String, Tensor>> samples = new ArrayList<>();
        QuantizedModel q;
        try (Model m = Model.load(file)) {
            for (long seed = 1; seed <= 2; seed++) {
                samples.add(RandomInputs.of(m, seed, new HashMap<>()));
            }
            PartitionReport floatReport = NpuPartitioner.partition(m, NpuProfile.nnapiLike());
            assertEquals(m.nodes().size(), floatReport.placements().size(), "every node listed");
            assertTrue(floatReport.placements().stream().filter(p -> !p.reason().startsWith("constant"))
                    .noneMatch(PartitionReport.Placement::onNpu), "a float model has no NPU node");
            q = Quantizer.builder().build().quantize(file, samples);
        }
        try (Model m = Model.fromBytes(q.bytes(), null)) {
            PartitionReport r = NpuPartitioner.partition(m, NpuProfile.nnapiLike());
            System.out.printf("%s int8: %s; partition: %d nodes, %d NPU / %d CPU segments, %d hand-offs%n", name,
                    q.summary(), r.placements().size(), r.npuSegments(), r.cpuSegments(), r.handOffs());
            assertEquals(m.nodes().size(), r.placements().size(), "every node listed");
            for (PartitionReport.Placement p : r.placements()) {
                assertFalse(p.reason().isEmpty(), "reason for node " + p.node());
            }
            assertEquals(1, r.npuSegments(), r.table());
            assertEquals(0, r.cpuSegments(), r.table());
        }
    }
}
