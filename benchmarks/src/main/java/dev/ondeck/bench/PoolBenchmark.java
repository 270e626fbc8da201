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
 * A backend's MaxPool kernel (single thread, batch 1) on the pooling layers of SqueezeNet 1.1 and ResNet18.
 * {@code shape} is {@code NAME:C,H,W,K,stride,pad,ceil}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PoolBenchmark {
    @Param({"cpu", "cpu-portable"})
    public String backend;

    @Param({
        "sq-pool-111:64,111,111,3,2,0,1",
        "sq-pool-55:128,55,55,3,2,0,1",
        "sq-pool-27:256,27,27,3,2,0,1",
        "r18-pool:64,112,112,3,2,1,0",
    })
    public String shape;

    /**
     * {@code relu}: non-negative inputs, as after the Relu before these pools (the {@code cpu} backend's max on the
     * bits as ints); {@code signed}: uniform in [-0.5, 0.5) (its float max).
     */
    @Param({"relu", "signed"})
    public String values;

    private OneNode node;

    @Setup
    public void setup() {
        int[] s = ConvBenchmark.dims(shape);
        int c = s[0], h = s[1], w = s[2], k = s[3], stride = s[4], pad = s[5], ceil = s[6];
        Model m = OneNode.model(1, c, h, w)
                .node("MaxPool", n -> n.inputs("x").outputs("y").ints("kernel_shape", k, k).ints("strides", stride, stride)
                        .ints("pads", pad, pad, pad, pad).attr("ceil_mode", (long) ceil))
                .output("y").build();
        Tensor x = OneNode.random(1, 1, c, h, w);
        if (values.equals("relu")) {
            float[] v = x.floats();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.abs(v[i]);
            }
        }
        node = new OneNode(m, backend, x);
    }

    @Benchmark
    public Tensor pool() {
        node.run();
        return node.outputs[0];
    }
}
