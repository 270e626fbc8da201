package dev.ondeck.bench;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.plan.PlanOptions;
import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The interpreter loop's per-node dispatch cost: a chain of {@value #NODES} trivial ops (each writes one
 * float), run with the no-op hook and with a timing hook like the profiler's. Scores are ns per node.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBenchmark {
    static final int NODES = 1000;
    private ExecutionPlan plan;
    private Tensor[] inputs;
    private final NodeHook timing = new NodeHook() {
        private long start;
        private long total;

        @Override
        public void beforeNode(Execution exec, int n) {
            start = System.nanoTime();
        }

        @Override
        public void afterNode(Execution exec, int n) {
            total += System.nanoTime() - start;
        }
    };

    /** Copies its one-element input: the cheapest possible real op. */
    static final class Trivial implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            return new TensorType[] {in[0]};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            out[0].floats()[0] = in[0].floats()[0] + 1f;
        }
    }

    @Setup
    public void setup() {
        List<Node> nodes = new ArrayList<>();
        Op op = new Trivial();
        for (int i = 0; i < NODES; i++) {
            nodes.add(new Node("n" + i, "Trivial", "", i, op, new String[] {"v" + i}, new String[] {"v" + (i + 1)},
                    new String[0], new HashMap<>()));
        }
        TensorType t = TensorType.of(DType.FLOAT, 1);
        Graph g = new Graph("chain", nodes, Collections.singletonList(new ValueInfo("v0", t)),
                Collections.singletonList(new ValueInfo("v" + NODES, t)), new HashMap<>(), new HashMap<>(),
                Collections.emptySet());
        plan = new ExecutionPlan(g, Backends.find(Backends.REFERENCE), PlanOptions.defaults());
        inputs = new Tensor[] {Tensor.of(new float[] {0f}, 1)};
    }

    @Benchmark
    @OperationsPerInvocation(NODES)
    public Execution noOpHook() {
        Execution e = new Execution(plan, inputs, NodeHook.NONE, null);
        e.runToEnd();
        return e;
    }

    @Benchmark
    @OperationsPerInvocation(NODES)
    public Execution timingHook() {
        Execution e = new Execution(plan, inputs, timing, null);
        e.runToEnd();
        return e;
    }
}
