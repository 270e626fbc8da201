package dev.ondeck.bench;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.plan.ExecutionPlan;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code cpu-int8}'s MatMul kernel (int8 x per-column int8 weights, int32 accumulation, requantised; on the
 * {@code Int8Kernels} this class path loads, the Vector API ones of the {@code cpu} module) on a square QDQ product, against the same product's float32 MatMul kernel on {@code cpu} and {@code cpu-portable}
 * in {@link SgemmBenchmark} (single thread). The kernel is taken from a planned session, so it is exactly what
 * the QDQ pattern runs; the quantise/dequantise nodes around it are not timed. GOP/s = 2 * size^3 / time.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar 'Int8Gemm|Sgemm'}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class Int8GemmBenchmark {
    @Param({"128", "512"})
    public int size;

    private Model model;
    private Session session;
    private Kernel kernel;
    private Tensor[] inputs;
    private Tensor[] outputs;

    @Setup
    public void setup() {
        byte[] wq = new byte[size * size];
        java.util.Random r = new java.util.Random(2);
        for (int i = 0; i < wq.length; i++) {
            wq[i] = (byte) (r.nextInt(255) - 127);
        }
        float[] ws = new float[size];
        java.util.Arrays.fill(ws, 1f / 127);
        model = ModelBuilder.create().opset(13).input("a", DType.FLOAT, size, size)
                .initializer("s", Tensor.scalar(1f / 127)).initializer("zp", Tensor.wrap(DType.INT8, new byte[] {0}))
                .initializer("wq", Tensor.wrap(DType.INT8, wq, size, size)).initializer("ws", Tensor.of(ws, size))
                .initializer("ys", Tensor.scalar(0.5f))
                .node("QuantizeLinear", n -> n.inputs("a", "s", "zp").outputs("aq"))
                .node("DequantizeLinear", n -> n.inputs("aq", "s", "zp").outputs("adq"))
                .node("DequantizeLinear", n -> n.inputs("wq", "ws").outputs("w").attr("axis", 1L))
                .node("MatMul", n -> n.inputs("adq", "w").outputs("y"))
                .node("QuantizeLinear", n -> n.inputs("y", "ys", "zp").outputs("yq"))
                .output("yq").build();
        session = model.newSession("cpu-int8");
        ExecutionPlan plan = session.plan();
        int matmul = -1;
        for (int i = 0; i < plan.nodeCount(); i++) {
            matmul = plan.node(i).opType().equals("MatMul") ? i : matmul;
        }
        if (!"cpu-int8".equals(plan.backendOf(matmul))) {
            throw new IllegalStateException("MatMul is not on an int8 kernel: " + plan.backendOf(matmul));
        }
        kernel = plan.kernel(matmul);
        float[] a = new float[size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = (r.nextInt(255) - 127) / 127f;
        }
        inputs = new Tensor[] {Tensor.of(a, size, size), null};
        outputs = new Tensor[] {Tensor.allocate(DType.FLOAT, size, size)};
    }

    @TearDown
    public void close() {
        session.close();
        model.close();
    }

    @Benchmark
    public Tensor int8MatMul() {
        kernel.execute(inputs, outputs, null);
        return outputs[0];
    }
}
