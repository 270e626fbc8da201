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
 * cosine similarity of its logits to float (cpu-ref) at 0.95 or more on 50 other seeded inputs, with the QDQ model
 * run on cpu-ref (float simulation of the quantisation) on all 50, and on cpu-int8 (int8 kernels) and npu-emu
 * (NNAPI-like profile) on the first {@value #INT8_INPUTS_DEFAULT} of them by default: their portable int8
 * convolutions take seconds per run here. {@code -Dondeck.int8CosineInputs=50} runs all 50 on every backend
 * (the full measurement, stated in the README).
 */
class MobileNetInt8CosineTest {
    static final String[] INT8_BACKENDS = {"cpu-ref", "cpu-int8", "npu-emu"};
    static final int INT8_INPUTS_DEFAULT = 3;

    @Test
    void medianCosineOfLogitsIsAtLeast095OnEveryBackend() throws IOException {
        Path file = SharedData.require("models/perf/mobilenet_v2/model.onnx");
        try (Model m = Model.load(file)) {
            List<Map<String, Tensor>> calibration = new ArrayList<>();
            for (long s = 1; s <= 20; s++) {
                calibration.add(RandomInputs.of(m, s, new HashMap<>()));
            }
            QuantizedModel q = Quantizer.builder().build().quantize(file, calibration);
            int int8Inputs = Math.max(1, Math.min(50, Integer.getInteger("ondeck.int8CosineInputs", INT8_INPUTS_DEFAULT)));
            double[][] cos = new double[INT8_BACKENDS.length][];
            for (int b = 0; b < cos.length; b++) {
                cos[b] = new double[b == 0 ? 50 : int8Inputs];
            }
            try (Model qm = Model.fromBytes(q.bytes(), null); Session fs = m.newSession("cpu-ref")) {
                Session[] qs = new Session[INT8_BACKENDS.length];
                for (int b = 0; b < qs.length; b++) {
                    qs[b] = qm.newSession(INT8_BACKENDS[b]);
                }
                for (int k = 0; k < 50; k++) {
                    Map<String, Tensor> in = RandomInputs.of(m, 1000 + k, new HashMap<>());
                    Tensor reference = fs.run(in).get(0);
                    for (int b = 0; b < qs.length; b++) {
                        if (k < cos[b].length) {
                            cos[b][k] = cosine(reference, qs[b].run(in).get(0));
                        }
                    }
                }
                for (Session s : qs) {
                    s.close();
                }
            }
            for (int b = 0; b < INT8_BACKENDS.length; b++) {
                double[] c = cos[b];
                Arrays.sort(c);
                double median = (c[(c.length - 1) / 2] + c[c.length / 2]) / 2;
                System.out.printf("mobilenet_v2 int8 (%s) on %s: median cosine to float over %d inputs %.4f, min %.4f, max %.4f%n",
                        q.summary(), INT8_BACKENDS[b], c.length, median, c[0], c[c.length - 1]);
                assertTrue(median >= 0.95, INT8_BACKENDS[b] + ": median cosine " + median);
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
}
