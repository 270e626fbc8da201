package dev.ondeck.visualizers;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import java.util.Random;

/** A small CNN built in code, with scoped node names: (1, 3, 16, 16) in, 10 class probabilities out. */
public final class TinyNet {
    private TinyNet() {
    }

    public static Model build() {
        Random r = new Random(7);
        ModelBuilder mb = ModelBuilder.create().opset(13).graphName("tinynet");
        mb.input("image", DType.FLOAT, 1, 3, 16, 16);
        mb.initializer("w1", normal(r, 8, 3, 3, 3));
        mb.initializer("w2", normal(r, 8, 8, 3, 3));
        mb.initializer("w3", normal(r, 8, 1, 3, 3));
        mb.initializer("fc.w", normal(r, 8, 10));
        mb.node("Conv", n -> n.name("/stem/conv/Conv").inputs("image", "w1").outputs("c1")
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1));
        mb.node("Relu", n -> n.name("/stem/relu/Relu").inputs("c1").outputs("r1"));
        mb.node("Conv", n -> n.name("/block1/conv/Conv").inputs("r1", "w2").outputs("c2")
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1));
        mb.node("Relu", n -> n.name("/block1/relu/Relu").inputs("c2").outputs("r2"));
        mb.node("Conv", n -> n.name("/block1/dw/Conv").inputs("r2", "w3").outputs("c3")
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1).attr("group", 8));
        mb.node("Add", n -> n.name("/block1/add/Add").inputs("c3", "r1").outputs("s1"));
        mb.node("GlobalAveragePool", n -> n.name("/head/pool/GlobalAveragePool").inputs("s1").outputs("p"));
        mb.node("Flatten", n -> n.name("/head/flatten/Flatten").inputs("p").outputs("f").attr("axis", 1));
        mb.node("MatMul", n -> n.name("/head/fc/MatMul").inputs("f", "fc.w").outputs("logits"));
        mb.node("Softmax", n -> n.name("softmax").inputs("logits").outputs("probs").attr("axis", 1));
        mb.output("probs", DType.FLOAT, 1, 10);
        return mb.build();
    }

    public static Tensor input() {
        Random r = new Random(3);
        Tensor t = Tensor.allocate(DType.FLOAT, 1, 3, 16, 16);
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return t;
    }

    private static Tensor normal(Random r, int... shape) {
        Tensor t = Tensor.allocate(DType.FLOAT, shape);
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.3);
        }
        return t;
    }
}
