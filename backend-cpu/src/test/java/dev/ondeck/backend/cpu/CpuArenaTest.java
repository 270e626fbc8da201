package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
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

    @Test
    void digitsCnn() throws Exception {
        Path dir = SharedData.repositoryRoot().resolve("examples/models");
        Tensor images = Tensor.fromNpy(dir.resolve("digits/images.npy"));
        try (Model m = Model.load(dir.resolve("digits_cnn.onnx"))) {
            ActivationArenaTest.checkArena(m, Collections.singletonMap("image", images), "cpu", "batch", images.dim(0));
        }
    }
}
