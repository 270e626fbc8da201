package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.conformance.ConformanceRunner;
import dev.ondeck.engine.models.MobileNetV2Builder;
import dev.ondeck.engine.plan.MemoryPlan;
import dev.ondeck.engine.runtime.ActivationArenaTest;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The activation arena on the {@code cpu} backend: same values as private buffers, no allocation outside kernels. */
class CpuArenaTest {
    @Test
    void mobileNetV2() {
        try (Model m = MobileNetV2Builder.create(42).build()) {
            MemoryPlan mem = ActivationArenaTest.checkArena(m, Collections.singletonMap("image", MobileNetV2Builder.seededInput(7, 1)),
                    "cpu", "batch", 1);
            assertTrue(mem.arenaBytes() < mem.unsharedBytes() * 0.7, "little reuse (BatchNormalization folded): " + mem);
        }
    }

    /**
     * ResNet18 at batch 1: GEMM tiles ragged in rows (64 output channels) and columns (28x28, 7x7), with Relu clamps
     * in the epilogue, which once boxed 6.7 MB of vectors per run where C2 left a masked access or a clamp out of line.
     */
    @Test
    void resnet18() throws Exception {
        try (Model m = Model.load(SharedData.require("models/perf/resnet18/model.onnx"))) {
            String input = m.graph().inputs().get(0).name();
            Tensor image = ConformanceRunner.readTensor(SharedData.require("models/perf/resnet18/test_data_set_0/input_0.pb"));
            ActivationArenaTest.checkArena(m, Collections.singletonMap(input, image), "cpu", null, 1);
        }
    }

    @Test
    void digitsCnn() throws Exception {
        Path dir = SharedData.repositoryRoot().resolve("examples/models");
        Tensor images = Tensor.fromNpy(dir.resolve("digits/images.npy"));
        try (Model m = Model.load(dir.resolve("digits_cnn.onnx"))) {
            ActivationArenaTest.checkArena(m, Collections.singletonMap("image", images), "cpu", "batch", images.dim(0));
        }
    }
}
