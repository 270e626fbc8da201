package dev.ondeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DFT and STFT beyond the backend cases: inverse round trip with padding, and STFT frames as windowed DFTs. */
class SignalOpsTest {
    @Test
    void inverseDftUndoesDftOfAPaddedRealSignal() {
        Model m = ModelBuilder.create().opset(20).input("x", DType.DOUBLE, 2, 5, 1)
                .initializer("n", Tensor.scalar(8L)).initializer("axis", Tensor.scalar(1L))
                .node("DFT", n -> n.inputs("x", "n", "axis").outputs("f"))
                .node("DFT", n -> n.inputs("f", "", "axis").outputs("y").attr("inverse", 1L))
                .output("y").build();
        double[] x = {1, -2, 3, 0.5, 4, 0, 1, 1, -1, 2};
        Map<String, Tensor> f = new HashMap<>();
        f.put("x", Tensor.of(x, 2, 5, 1));
        Tensor y;
        try (Session s = m.newSession("cpu-ref")) {
            y = s.run(f).get("y");
        }
        assertArrayEquals(new int[] {2, 8, 2}, y.shape());
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(j < 5 ? x[b * 5 + j] : 0, y.getDouble((b * 8 + j) * 2), 1e-12);
                assertEquals(0, y.getDouble((b * 8 + j) * 2 + 1), 1e-12);
            }
        }
    }

    @Test
    void stftFramesAreOnesidedDftsOfWindowedFrames() {
        Model m = ModelBuilder.create().opset(17).input("x", DType.DOUBLE, 1, 10)
                .initializer("step", Tensor.scalar(3L)).initializer("w", Tensor.of(new double[] {0.5, 1, 1, 0.5}, 4))
                .node("STFT", n -> n.inputs("x", "step", "w").outputs("y"))
                .output("y").build();
        double[] x = {0.3, -1, 2, 0.5, 1.5, -0.25, 0, 1, 2, -3};
        Map<String, Tensor> f = new HashMap<>();
        f.put("x", Tensor.of(x, 1, 10));
        Tensor y;
        try (Session s = m.newSession("cpu-ref")) {
            y = s.run(f).get("y");
        }
        assertArrayEquals(new int[] {1, 3, 3, 2}, y.shape());
        double[] w = {0.5, 1, 1, 0.5};
        for (int fr = 0; fr < 3; fr++) {
            for (int k = 0; k < 3; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < 4; j++) {
                    double a = -2 * Math.PI * j * k / 4;
                    re += x[fr * 3 + j] * w[j] * Math.cos(a);
                    im += x[fr * 3 + j] * w[j] * Math.sin(a);
                }
                assertEquals(re, y.getDouble((fr * 3 + k) * 2), 1e-12);
                assertEquals(im, y.getDouble((fr * 3 + k) * 2 + 1), 1e-12);
            }
        }
    }
}
