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
 * A backend's Softmax kernel over the last axis (single thread): a classifier's logits and attention
 * scores. {@code shape} is {@code d0xd1x...}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SoftmaxBenchmark {
    @Param({"cpu", "cpu-portable"})
    public String backend;

    @Param({"1x1000", "4x128x128"})
    public String shape;

    private OneNode node;

    @Setup
    public void setup() {
        String[] parts = shape.split("x");
        int[] dims = new int[parts.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Integer.parseInt(parts[i]);
        }
        Model m = OneNode.model(dims).node("Softmax", n -> n.inputs("x").outputs("y").attr("axis", -1L)).output("y").build();
        node = new OneNode(m, backend, OneNode.random(1, dims));
    }

    @Benchmark
    public Tensor softmax() {
        node.run();
        return node.outputs[0];
    }
}
