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
 * A backend's Conv kernel (single thread, batch 1, with bias) on layer shapes of MobileNetV2, ResNet18 and SqueezeNet 1.1,
 * depthwise included. {@code shape} is {@code NAME:Cin,H,W,Cout,K,stride,pad,group}; FLOPs per call are
 * {@code 2 * Cout * Hout * Wout * (Cin / group) * K * K} (bench/jmh.sh turns scores into GFLOP/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ConvBenchmark {
    @Param({"cpu", "cpu-portable"})
    public String backend;

    @Param({
        "mnv2-stem:3,224,224,32,3,2,1,1",
        "mnv2-expand:24,56,56,144,1,1,0,1",
        "mnv2-expand-k16:16,112,112,96,1,1,0,1",
        "mnv2-dw:144,56,56,144,3,1,1,144",
        "mnv2-dw-s2:144,56,56,144,3,2,1,144",
        "mnv2-project:144,56,56,24,1,1,0,1",
        "mnv2-expand-112:16,112,112,96,1,1,0,1",
        "mnv2-1x1-7x7:960,7,7,160,1,1,0,1",
        "mnv2-expand-14x14:96,14,14,576,1,1,0,1",
        "mnv2-expand-7x7:160,7,7,960,1,1,0,1",
        "mnv2-last-7x7:320,7,7,1280,1,1,0,1",
        "r18-stem:3,224,224,64,7,2,3,1",
        "r18-3x3-64:64,56,56,64,3,1,1,1",
        "r18-3x3-256:256,14,14,256,3,1,1,1",
        "r18-3x3-512:512,7,7,512,3,1,1,1",
        "r18-3x3-s2-128:64,56,56,128,3,2,1,1",
        "r18-3x3-s2-512:256,14,14,512,3,2,1,1",
        "r18-1x1-s2-512:256,14,14,512,1,2,0,1",
        "r18-1x1-s2-128:64,56,56,128,1,2,0,1",
        "r18-1x1-s2-256:128,28,28,256,1,2,0,1",
        "sq-stem:3,224,224,64,3,2,0,1",
        "sq-squeeze-55:128,55,55,16,1,1,0,1",
        "sq-expand-55:16,55,55,64,1,1,0,1",
        "sq-classifier:512,13,13,1000,1,1,0,1",
    })
    public String shape;

    private OneNode node;

    @Setup
    public void setup() {
        int[] s = dims(shape);
        int cin = s[0], h = s[1], w = s[2], cout = s[3], k = s[4], stride = s[5], pad = s[6], group = s[7];
        Tensor weight = OneNode.random(2, cout, cin / group, k, k);
        Tensor bias = OneNode.random(3, cout);
        Model m = OneNode.model(1, cin, h, w).initializer("w", weight).initializer("b", bias)
                .node("Conv", n -> n.inputs("x", "w", "b").outputs("y").ints("kernel_shape", k, k)
                        .ints("strides", stride, stride).ints("pads", pad, pad, pad, pad).attr("group", (long) group))
                .output("y").build();
        node = new OneNode(m, backend, OneNode.random(1, 1, cin, h, w));
    }

    /**
     * The numbers after the name: Cin, H, W, Cout, K, stride, pad, group; separated by commas or by spaces (JMH's
     * {@code -p shape=...} splits its value list at commas, so a shape picked on the command line uses spaces).
     */
    static int[] dims(String shape) {
        String[] parts = shape.substring(shape.indexOf(':') + 1).trim().split("[ ,]+");
        int[] d = new int[parts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Integer.parseInt(parts[i]);
        }
        return d;
    }

    @Benchmark
    public Tensor conv() {
        node.run();
        return node.outputs[0];
    }
}
