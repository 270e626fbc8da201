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
 * A backend's depthwise Conv kernel (single thread, batch 1, with bias) on the depthwise layers of MobileNetV2
 * (3x3) and EfficientNet-B0 (3x3 and 5x5): large and small planes, strides 1 and 2. {@code shape} is
 * {@code NAME:C,H,W,C,K,stride,pad,C} (the {@link ConvBenchmark} format, so bench/jmh.sh reports GFLOP/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DepthwiseBenchmark {
    @Param({"cpu", "cpu-portable"})
    public String backend;

    @Param({
        "dw3-112:32,112,112,32,3,1,1,32",
        "dw3-112-s2:96,112,112,96,3,2,1,96",
        "dw3-56:144,56,56,144,3,1,1,144",
        "dw3-56-s2:144,56,56,144,3,2,1,144",
        "dw3-28:192,28,28,192,3,1,1,192",
        "dw3-14:384,14,14,384,3,1,1,384",
        "dw3-14-s2:576,14,14,576,3,2,1,576",
        "dw3-7:960,7,7,960,3,1,1,960",
        "dw5-56-s2:144,56,56,144,5,2,2,144",
        "dw5-28:240,28,28,240,5,1,2,240",
        "dw5-14:672,14,14,672,5,1,2,672",
        "dw5-14-s2:672,14,14,672,5,2,2,672",
        "dw5-7:1152,7,7,1152,5,1,2,1152",
    })
    public String shape;

    private OneNode node;

    @Setup
    public void setup() {
        int[] s = ConvBenchmark.dims(shape);
        int c = s[0], h = s[1], w = s[2], k = s[4], stride = s[5], pad = s[6];
        Model m = OneNode.model(1, c, h, w).initializer("w", OneNode.random(2, c, 1, k, k))
                .initializer("b", OneNode.random(3, c))
                .node("Conv", n -> n.inputs("x", "w", "b").outputs("y").ints("kernel_shape", k, k)
                        .ints("strides", stride, stride).ints("pads", pad, pad, pad, pad).attr("group", (long) c))
                .output("y").build();
        node = new OneNode(m, backend, OneNode.random(1, 1, c, h, w));
    }

    @Benchmark
    public Tensor depthwise() {
        node.run();
        return node.outputs[0];
    }
}
