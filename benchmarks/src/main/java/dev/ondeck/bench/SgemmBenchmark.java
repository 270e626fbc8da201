package dev.ondeck.bench;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.util.Random;
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
 * A backend's MatMul kernel on square float32 products (single thread). GFLOP/s = 2 * size^3 / (time per
 * op); compare with {@link FmaPeakBenchmark} measured in the same run (bench/jmh.sh does).
 * Run: {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar Sgemm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SgemmBenchmark {
    @Param({"cpu", "cpu-portable"})
    public String backend;

    @Param({"128", "512"})
    public int size;

    private Kernel kernel;
    private Tensor[] inputs;
    private Tensor[] outputs;

    @Setup
    public void setup() {
        Tensor b = random(size, size, 2);
        Model m = ModelBuilder.create().opset(13).input("a", DType.FLOAT, size, size).initializer("b", b)
                .node("MatMul", n -> n.inputs("a", "b").outputs("y")).output("y").build();
        Node node = m.graph().nodes().get(0);
        TensorType t = TensorType.of(DType.FLOAT, size, size);
        kernel = Backends.find(backend).kernelFor(node, new TensorType[] {t, t}, new Tensor[] {null, b}, 1);
        if (kernel == null) {
            throw new IllegalStateException(backend + " has no MatMul kernel");
        }
        inputs = new Tensor[] {random(size, size, 1), b};
        outputs = new Tensor[] {Tensor.allocate(DType.FLOAT, size, size)};
    }

    static Tensor random(int rows, int cols, long seed) {
        float[] v = new float[rows * cols];
        Random r = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return Tensor.of(v, rows, cols);
    }

    @Benchmark
    public Tensor matMul() {
        kernel.execute(inputs, outputs, null);
        return outputs[0];
    }
}
