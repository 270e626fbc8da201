package dev.ondeck.engine.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.ref.CpuRefBackend;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendDiffTest {
    /** cpu-ref, except that one chosen node's first output is perturbed by +0.5 at element 0. */
    static final class PerturbingBackend implements Backend {
        private final String target;
        private final Backend ref = new CpuRefBackend();

        PerturbingBackend(String target) {
            this.target = target;
        }

        @Override
        public String name() {
            return "perturb-" + target;
        }

        @Override
        public Kernel kernelFor(Node node, TensorType[] inputTypes) {
            Kernel k = ref.kernelFor(node, inputTypes);
            if (!node.name().equals(target)) {
                return k;
            }
            return (in, out, ctx) -> {
                k.execute(in, out, ctx);
                out[0].setDouble(0, out[0].getDouble(0) + 0.5);
            };
        }
    }

    static Model chain() {
        ModelBuilder b = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, 8)
                .initializer("w", Tensor.of(new float[] {0.5f, -1, 2, 0.25f, 1, 1.5f, -0.5f, 3}, 1, 8));
        String prev = "x";
        String[] ops = {"Mul", "Tanh", "Add", "Sigmoid", "Mul", "Relu"};
        for (int i = 0; i < ops.length; i++) {
            String in = prev;
            String out = "v" + i;
            int k = i;
            b.node(ops[i], n -> {
                n.name("n" + k).outputs(out);
                if (ops[k].equals("Mul") || ops[k].equals("Add")) {
                    n.inputs(in, "w");
                } else {
                    n.inputs(in);
                }
            });
            prev = out;
        }
        return b.output(prev, DType.FLOAT, 1, 8).build();
    }

    static Map<String, Tensor> input() {
        return Collections.singletonMap("x", Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 8));
    }

    @Test
    void findsThePlantedNode() {
        Model m = chain();
        try (Session a = m.newSession(SessionOptions.builder().backend("cpu-ref").foldConstants(false).build());
             Session b = m.newSession(SessionOptions.builder().backend(new PerturbingBackend("n2")).foldConstants(false).build())) {
            DiffReport r = BackendDiff.compare(a, b, input());
            assertEquals(6, r.nodes().size());
            NodeDiff first = r.firstDivergent(1e-3);
            assertEquals("n2", first.node());
            assertEquals(0, r.nodes().get(1).maxAbsError());
            assertTrue(r.table(1e-3).contains("first divergent node: n2 (Add)"));
        }
    }

    @Test
    void sameBackendOnBothSidesHasNoError() {
        Model m = chain();
        try (Session a = m.newSession("cpu-ref"); Session b = m.newSession("cpu-ref")) {
            DiffReport r = BackendDiff.compare(a, b, input());
            assertEquals(0, r.maxError());
            assertNull(r.firstDivergent(0));
        }
    }
}
