package dev.ondeck.bench;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A backend's 1x1 convolution (single thread, batch 1, with bias) with the activation its model fuses into it, on
 * the 1x1 shapes of MobileNetV2, EfficientNet-B0 and SqueezeNet 1.1, and the classifiers' Gemm of one row.
 * {@code shape} is {@code NAME:Cin,H,W,Cout,ACT} with ACT one of {@code none}, {@code relu}, {@code clip} (Clip
 * 0..6), {@code silu} ({@code x * Sigmoid(x)}); a {@code gemm} shape {@code NAME:K,N} is a Gemm of a [1, K] row by
 * constant weights [N, K] (transB) plus a bias. FLOPs per call: {@code 2 * Cout * H * W * Cin}, or {@code 2 * K * N}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PointwiseBenchmark {
    @Param({"cpu"})
    public String backend;

    @Param({
        "mnv2-expand-112-clip:16,112,112,96,clip",
        "effnet-expand-112-silu:16,112,112,96,silu",
        "mnv2-project-112:32,112,112,16,none",
        "effnet-expand-56-silu:24,56,56,144,silu",
        "mnv2-project-56:144,56,56,24,none",
        "mnv2-project-7x7:960,7,7,320,none",
        "mnv2-last-7x7-clip:320,7,7,1280,clip",
        "mnv2-expand-7x7-clip:160,7,7,960,clip",
        "sq-squeeze-55-relu:128,55,55,16,relu",
        "sq-expand-55-relu:16,55,55,64,relu",
        "sq-classifier-relu:512,13,13,1000,relu",
        "gemm-classifier:1280,1000",
    })
    public String shape;

    private Kernel kernel;
    private Tensor[] inputs;
    private Tensor[] outputs;

    @Setup
    public void setup() {
        String name = shape.substring(0, shape.indexOf(':'));
        String[] p = shape.substring(shape.indexOf(':') + 1).trim().split("[ ,]+");
        if (name.startsWith("gemm")) {
            int k = Integer.parseInt(p[0]);
            int n = Integer.parseInt(p[1]);
            Model m = OneNode.model(1, k).initializer("w", OneNode.random(2, n, k)).initializer("b", OneNode.random(3, n))
                    .node("Gemm", g -> g.inputs("x", "w", "b").outputs("y").attr("transB", 1L)).output("y").build();
            prepare(m, OneNode.random(1, 1, k), 1, n);
            return;
        }
        int cin = Integer.parseInt(p[0]);
        int h = Integer.parseInt(p[1]);
        int w = Integer.parseInt(p[2]);
        int cout = Integer.parseInt(p[3]);
        String act = p[4];
        var b = OneNode.model(1, cin, h, w).initializer("w", OneNode.random(2, cout, cin, 1, 1))
                .initializer("b", OneNode.random(3, cout))
                .node("Conv", n -> n.inputs("x", "w", "b").outputs("c").ints("kernel_shape", 1, 1));
        switch (act) {
            case "none" -> b.node("Identity", n -> n.inputs("c").outputs("y"));
            case "relu" -> b.node("Relu", n -> n.inputs("c").outputs("y"));
            case "clip" -> b.initializer("lo", Tensor.scalar(0f)).initializer("hi", Tensor.scalar(6f))
                    .node("Clip", n -> n.inputs("c", "lo", "hi").outputs("y"));
            case "silu" -> b.node("Sigmoid", n -> n.inputs("c").outputs("s")).node("Mul", n -> n.inputs("c", "s").outputs("y"));
            default -> throw new IllegalArgumentException("activation " + act);
        }
        prepare(b.output("y").build(), OneNode.random(1, 1, cin, h, w), cout, h, w);
    }

    /** The first node's kernel, absorbing the activation after it. */
    private void prepare(Model m, Tensor x, int... outShape) {
        List<Node> nodes = m.graph().nodes();
        Node first = nodes.get(0);
        String[] names = first.inputs();
        TensorType[] types = new TensorType[names.length];
        Tensor[] constants = new Tensor[names.length];
        inputs = new Tensor[names.length];
        for (int i = 0; i < names.length; i++) {
            Tensor v = i == 0 ? x : m.graph().initializers().get(names[i]);
            types[i] = TensorType.of(v.dtype(), v.shape());
            constants[i] = i == 0 ? null : v;
            inputs[i] = v;
        }
        kernel = dev.ondeck.engine.backend.Backends.find(backend).kernelFor(first, types, constants, 1);
        Tensor out = Tensor.allocate(dev.ondeck.engine.DType.FLOAT, outShape);
        TensorType outType = TensorType.of(out.dtype(), out.shape());
        if (nodes.size() == 2 && !nodes.get(1).opType().equals("Identity")) {
            Node next = nodes.get(1);
            Tensor[] nextConstants = new Tensor[next.inputs().length];
            TensorType[] nextTypes = new TensorType[next.inputs().length];
            for (int i = 0; i < nextTypes.length; i++) {
                Tensor c = m.graph().initializers().get(next.inputs()[i]);
                nextConstants[i] = c;
                nextTypes[i] = c == null ? outType : TensorType.of(c.dtype(), c.shape());
            }
            kernel = ((FusingKernel) kernel).absorb(next, nextTypes, nextConstants);
        } else if (nodes.size() == 3) {
            kernel = ((FusingKernel) kernel).absorbGated(nodes.get(1), nodes.get(2), new TensorType[] {outType, outType});
        }
        if (kernel == null) {
            throw new IllegalStateException(backend + " does not fuse " + shape);
        }
        outputs = new Tensor[] {out};
    }

    @Benchmark
    public Tensor run() {
        kernel.execute(inputs, outputs, null);
        return outputs[0];
    }
}
