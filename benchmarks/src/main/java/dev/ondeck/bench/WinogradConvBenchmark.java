package dev.ondeck.bench;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Tensor;
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
 * The {@code cpu} backend's 3x3 stride-1 convolution on ResNet18's layer shapes (single thread, batch 1, bias),
 * by Winograd F(4x4, 3x3) and by im2col + GEMM (system property {@code ondeck.conv.winograd=false}). {@code shape}
 * is {@code NAME:Cin,H,W,Cout,K,stride,pad,group} as in {@link ConvBenchmark}; FLOPs are those of the direct
 * convolution, so Winograd's score reads as effective GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class WinogradConvBenchmark {
    @Param({"winograd", "im2col"})
    public String algorithm;

    @Param({
        "r18-3x3-64:64,56,56,64,3,1,1,1",
        "r18-3x3-128:128,28,28,128,3,1,1,1",
        "r18-3x3-256:256,14,14,256,3,1,1,1",
    })
    public String shape;

    private OneNode node;

    @Setup
    public void setup() {
        System.setProperty("ondeck.conv.winograd", Boolean.toString("winograd".equals(algorithm)));
        int[] s = ConvBenchmark.dims(shape);
        int cin = s[0], h = s[1], w = s[2], cout = s[3];
        Model m = OneNode.model(1, cin, h, w).initializer("w", OneNode.random(2, cout, cin, 3, 3))
                .initializer("b", OneNode.random(3, cout))
                .node("Conv", n -> n.inputs("x", "w", "b").outputs("y").ints("pads", 1, 1, 1, 1))
                .output("y").build();
        node = new OneNode(m, "cpu", OneNode.random(1, 1, cin, h, w));
        String label = node.kernel.backendLabel();
        if ("winograd".equals(algorithm) != "cpu:winograd".equals(label)) {
            throw new IllegalStateException("asked for " + algorithm + ", the kernel is labelled " + label);
        }
    }

    @Benchmark
    public Tensor conv() {
        node.run();
        return node.outputs[0];
    }
}
