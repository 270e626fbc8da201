package dev.ondeck.engine.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The bundled digits CNN (examples/models, made by train_digits_cnn.py) matches PyTorch's logits. */
class DigitsCnnTest {
    @Test
    void matchesPyTorchOnTheBundledDigits() throws Exception {
        Path dir = SharedData.repositoryRoot().resolve("examples/models");
        Tensor images = Tensor.fromNpy(dir.resolve("digits/images.npy"));
        Tensor expected = Tensor.fromNpy(dir.resolve("digits/logits.npy"));
        try (Model m = Model.load(dir.resolve("digits_cnn.onnx")); Session s = m.newSession("cpu-ref")) {
            assertEquals("float32[batch,1,8,8]", m.inputs().get(0).type().toString());
            Result r = s.run(Collections.singletonMap("image", images));
            float[] got = r.get("logits").floats();
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected.floats()[i], got[i], 1e-4 + 1e-4 * Math.abs(expected.floats()[i]), "logit " + i);
            }
            float[] probs = r.get("probs").floats();
            for (int row = 0; row < images.dim(0); row++) {
                double sum = 0;
                for (int k = 0; k < 10; k++) {
                    sum += probs[row * 10 + k];
                }
                assertTrue(Math.abs(sum - 1) < 1e-5, "row " + row + " sums to " + sum);
            }
        }
    }
}
