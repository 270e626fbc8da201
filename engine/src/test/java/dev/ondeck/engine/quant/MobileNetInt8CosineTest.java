package dev.ondeck.engine.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * mobilenet_v2 (random weights) quantised to QDQ after calibration on 20 seeded random inputs keeps the median
 * cosine similarity of its logits to float at 0.95 or more on 50 other seeded inputs, cpu-ref running both.
 */
class MobileNetInt8CosineTest {
    @Test
    void medianCosineOfLogitsIsAtLeast095() throws IOException {
        Path file = SharedData.require("models/perf/mobilenet_v2/model.onnx");
        try (Model m = Model.load(file)) {
            List<Map<String, Tensor>> calibration = new ArrayList<>();
            for (long s = 1; s <= 20; s++) {
                calibration.add(RandomInputs.of(m, s, new HashMap<>()));
            }
            QuantizedModel q = Quantizer.builder().build().quantize(file, calibration);
            double[] cos = new double[50];
            try (Model qm = Model.fromBytes(q.bytes(), null);
                 Session fs = m.newSession("cpu-ref");
                 Session qs = qm.newSession("cpu-ref")) {
                for (int k = 0; k < cos.length; k++) {
                    Map<String, Tensor> in = RandomInputs.of(m, 1000 + k, new HashMap<>());
                    cos[k] = cosine(fs.run(in).get(0), qs.run(in).get(0));
                }
            }
            Arrays.sort(cos);
            double median = (cos[24] + cos[25]) / 2;
            System.out.printf("mobilenet_v2 int8 (%s): median cosine %.4f, min %.4f, max %.4f%n", q.summary(), median,
                    cos[0], cos[49]);
            assertTrue(median >= 0.95, "median cosine " + median);
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
}
