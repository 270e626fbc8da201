package dev.ondeck.adb;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Small models built in test code. */
final class TestModels {
    private TestModels() {
    }

    static Tensor random(long seed, int... shape) {
        Tensor t = Tensor.allocate(DType.FLOAT, shape);
        Random r = new Random(seed);
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return t;
    }

    /** image float[1,3,32,32] -> Conv(8,3x3) -> Relu -> GlobalAveragePool -> Flatten -> Gemm(10) -> Softmax -> probs float[1,10]. */
    static Path smallCnn(Path file) throws IOException {
        return ModelBuilder.create().opset(13)
                .input("image", DType.FLOAT, 1, 3, 32, 32)
                .initializer("w", random(1, 8, 3, 3, 3))
                .initializer("b", random(2, 8))
                .initializer("fc_w", random(3, 8, 10))
                .initializer("fc_b", random(4, 10))
                .node("Conv", n -> n.name("conv").inputs("image", "w", "b").outputs("c").ints("pads", 1, 1, 1, 1))
                .node("Relu", n -> n.name("relu").inputs("c").outputs("r"))
                .node("GlobalAveragePool", n -> n.name("gap").inputs("r").outputs("g"))
                .node("Flatten", n -> n.name("flatten").inputs("g").outputs("f"))
                .node("Gemm", n -> n.name("fc").inputs("f", "fc_w", "fc_b").outputs("logits"))
                .node("Softmax", n -> n.name("softmax").inputs("logits").outputs("probs"))
                .output("probs", DType.FLOAT, 1, 10)
                .save(file);
    }

    /** x float[256,256] -> MatMul with a 256x256 weight, 4 times: slow enough on cpu-ref to kill mid-run. */
    static Path slowMatMul(Path file) throws IOException {
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 256, 256).initializer("w", random(5, 256, 256));
        String prev = "x";
        for (int i = 0; i < 4; i++) {
            String out = i == 3 ? "y" : "m" + i;
            String in = prev;
            b.node("MatMul", n -> n.inputs(in, "w").outputs(out));
            prev = out;
        }
        return b.output("y", DType.FLOAT, 256, 256).save(file);
    }
}
