package dev.ondeck.engine.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MobileNetV2BuilderTest {
    @Test
    void hasTheShapeAndSizeOfMobileNetV2AndRuns() {
        try (Model m = MobileNetV2Builder.create(42).build(); Session s = m.newSession("cpu-ref")) {
            long params = m.graph().initializers().values().stream().mapToLong(Tensor::size).sum();
            assertTrue(params > 3_400_000 && params < 3_600_000, "parameters " + params);
            Map<String, Integer> ops = new TreeMap<>();
            m.nodes().forEach(n -> ops.merge(n.opType(), 1, Integer::sum));
            assertEquals(52, ops.get("Conv"));
            assertEquals(52, ops.get("BatchNormalization"));
            assertEquals(35, ops.get("Clip"));
            assertEquals(10, ops.get("Add"));
            assertEquals("float32[batch,3,224,224]", m.inputs().get(0).type().toString());
            Tensor probs = s.run(Collections.singletonMap("image", MobileNetV2Builder.seededInput(7, 1))).get("probs");
            assertArrayEquals(new int[] {1, 1000}, probs.shape());
            double sum = 0;
            for (float p : probs.floats()) {
                assertTrue(Float.isFinite(p) && p >= 0);
                sum += p;
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void sameSeedSameWeights() {
        byte[] a = MobileNetV2Builder.create(3).toBytes();
        assertArrayEquals(a, MobileNetV2Builder.create(3).toBytes());
        assertTrue(!java.util.Arrays.equals(a, MobileNetV2Builder.create(4).toBytes()));
    }
}
