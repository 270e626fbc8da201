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
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
 * A backend's MatMul kernel on square float32 products (single thread), and the machine's FP32 peak from a
 * Vector API loop of independent fused multiply-adds. GFLOP/s = 2 * size^3 / (time per op); compare with
 * {@link #fmaPeak} (16 FMAs of a full vector per iteration, {@code FMA_STEPS} iterations per call).
 * Run: {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar Sgemm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SgemmBenchmark {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int FMA_STEPS = 4096;

    @Param({"cpu", "cpu-portable"})
    public String backend;

    @Param({"512"})
    public int size;

    private Kernel kernel;
    private Tensor[] inputs;
    private Tensor[] outputs;
    private final float[] acc = new float[16 * 64];

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

    /** 16 independent accumulator vectors, {@code FMA_STEPS} steps: 2 * 16 * lanes * FMA_STEPS flops a call. */
    @Benchmark
    public float[] fmaPeak() {
        FloatVector x = FloatVector.broadcast(S, 0.999f);
        FloatVector y = FloatVector.broadcast(S, 1e-3f);
        FloatVector a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y;
        FloatVector a8 = y, a9 = y, a10 = y, a11 = y, a12 = y, a13 = y, a14 = y, a15 = y;
        for (int i = 0; i < FMA_STEPS; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
            a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
            a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
            a12 = a12.fma(x, y); a13 = a13.fma(x, y); a14 = a14.fma(x, y); a15 = a15.fma(x, y);
        }
        a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).add(a12)
                .add(a13).add(a14).add(a15).intoArray(acc, 0);
        return acc;
    }
}
