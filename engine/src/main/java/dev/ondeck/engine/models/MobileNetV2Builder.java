package dev.ondeck.engine.models;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import java.util.Random;

/**
 * MobileNetV2 (Sandler et al. 2018, width 1.0, 224x224, 1000 classes) built with {@link ModelBuilder} and
 * seeded random weights: the inverted-residual architecture and cost of the real network (about 3.5M
 * parameters, 0.6 GFLOPs) without downloading it, so profiling has something worth profiling. The
 * predictions mean nothing. Opset 13: Conv (no bias) + BatchNormalization + Clip(0, 6) per layer, the
 * projection of each block linear, residual Add where shapes allow, then GlobalAveragePool, Flatten, Gemm
 * and Softmax. Input {@code image} float32[batch,3,224,224]; outputs {@code logits} and {@code probs}
 * float32[batch,1000].
 */
public final class MobileNetV2Builder {
    /** Expansion t, output channels c, repeats n, first stride s of each stage (the paper's Table 2). */
    private static final int[][] STAGES = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };
    private static final int CLASSES = 1000;

    private final ModelBuilder mb;
    private final Random random;
    private int layer;

    private MobileNetV2Builder(long seed) {
        this.random = new Random(seed);
        this.mb = ModelBuilder.create().opset(13).producer("ondeck.MobileNetV2Builder", "1")
                .docString("MobileNetV2 1.0 with seeded random weights (seed " + seed + ")");
    }

    /** The network with weights drawn from {@code seed}; {@code build()}, {@code save(path)} or {@code toBytes()} it. */
    public static ModelBuilder create(long seed) {
        MobileNetV2Builder b = new MobileNetV2Builder(seed);
        b.network();
        return b.mb;
    }

    /** A seeded input image batch, float32[batch,3,224,224], standard-normal like a normalised photo. */
    public static Tensor seededInput(long seed, int batch) {
        Random r = new Random(seed);
        Tensor t = Tensor.allocate(DType.FLOAT, batch, 3, 224, 224);
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return t;
    }

    private void network() {
        mb.input("image", DType.FLOAT, "batch", 3, 224, 224);
        mb.initializer("relu6_min", Tensor.scalar(0f));
        mb.initializer("relu6_max", Tensor.scalar(6f));
        String x = convBnRelu6("image", 3, 32, 3, 2, 1);                      // (B, 32, 112, 112)
        int channels = 32;
        for (int[] stage : STAGES) {
            for (int i = 0; i < stage[2]; i++) {
                x = invertedResidual(x, channels, stage[1], i == 0 ? stage[3] : 1, stage[0]);
                channels = stage[1];
            }
        }                                                                     // (B, 320, 7, 7)
        String last = convBnRelu6(x, channels, 1280, 1, 1, 1);               // (B, 1280, 7, 7)
        mb.node("GlobalAveragePool", n -> n.name("pool").inputs(last).outputs("pooled")); // (B, 1280, 1, 1)
        mb.node("Flatten", n -> n.name("flatten").inputs("pooled").outputs("features").attr("axis", 1)); // (B, 1280)
        mb.initializer("classifier.weight", normal(Math.sqrt(1.0 / 1280), CLASSES, 1280));
        mb.initializer("classifier.bias", Tensor.allocate(DType.FLOAT, CLASSES));
        mb.node("Gemm", n -> n.name("classifier").inputs("features", "classifier.weight", "classifier.bias")
                .outputs("logits").attr("transB", 1));                       // (B, 1000)
        mb.node("Softmax", n -> n.name("softmax").inputs("logits").outputs("probs").attr("axis", 1));
        mb.output("logits", DType.FLOAT, "batch", CLASSES);
        mb.output("probs", DType.FLOAT, "batch", CLASSES);
    }

    private String invertedResidual(String x, int in, int out, int stride, int expand) {
        int hidden = in * expand;
        String h = expand == 1 ? x : convBnRelu6(x, in, hidden, 1, 1, 1);
        h = convBnRelu6(h, hidden, hidden, 3, stride, hidden);
        String y = convBn(h, hidden, out, 1, 1, 1, Math.sqrt(1.0 / hidden));
        if (stride == 1 && in == out) {
            String sum = "l" + layer + ".residual";
            String a = x;
            mb.node("Add", n -> n.name(sum).inputs(a, y).outputs(sum));
            return sum;
        }
        return y;
    }

    private String convBnRelu6(String x, int in, int out, int k, int stride, int group) {
        String y = convBn(x, in, out, k, stride, group, Math.sqrt(2.0 / (in / group * k * k)));
        String name = "l" + (layer - 1) + ".relu6";
        mb.node("Clip", n -> n.name(name).inputs(y, "relu6_min", "relu6_max").outputs(name));
        return name;
    }

    /** Conv without bias then BatchNormalization; returns the BN output's name. */
    private String convBn(String x, int in, int out, int k, int stride, int group, double std) {
        String p = "l" + layer++;
        int pad = k / 2;
        mb.initializer(p + ".conv.weight", normal(std, out, in / group, k, k));
        mb.node("Conv", n -> n.name(p + ".conv").inputs(x, p + ".conv.weight").outputs(p + ".conv")
                .ints("kernel_shape", k, k).ints("strides", stride, stride).ints("pads", pad, pad, pad, pad)
                .attr("group", group));
        mb.initializer(p + ".bn.scale", uniform(0.9, 1.3, out));
        mb.initializer(p + ".bn.bias", uniform(-0.1, 0.1, out));
        mb.initializer(p + ".bn.mean", uniform(-0.05, 0.05, out));
        mb.initializer(p + ".bn.var", uniform(0.8, 1.2, out));
        mb.node("BatchNormalization", n -> n.name(p + ".bn")
                .inputs(p + ".conv", p + ".bn.scale", p + ".bn.bias", p + ".bn.mean", p + ".bn.var")
                .outputs(p + ".out").attr("epsilon", 1e-5f));
        return p + ".out";
    }

    private Tensor normal(double std, int... shape) {
        Tensor t = Tensor.allocate(DType.FLOAT, shape);
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        return t;
    }

    private Tensor uniform(double lo, double hi, int n) {
        Tensor t = Tensor.allocate(DType.FLOAT, n);
        float[] v = t.floats();
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return t;
    }
}
