package dev.ondeck.engine.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.plan.PlanOptions;
import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Steps through MNIST node by node and checks every intermediate against an independent run of a copy of
 * the model in which that value is the graph output (own plan, constant folding on, own buffers).
 */
class StepThroughMnistTest {
    @Test
    void everyIntermediateMatchesARunWhereItIsTheOutput() throws IOException {
        Model model = Model.load(SharedData.require("models/real/mnist-8/model.onnx"));
        Map<String, Tensor> inputs = RandomInputs.of(model);
        Graph g = model.graph();
        int checked = 0;
        try (Session s = model.newSession("cpu-ref"); Debugger d = s.debug(inputs)) {
            for (int i = 0; i < g.nodes().size(); i++) {
                Node node = g.nodes().get(i);
                assertEquals(node.name(), d.current().name());
                StopEvent e = d.step();
                for (String out : node.outputs()) {
                    Tensor stepped = d.tensor(out);
                    Tensor independent = runWithOutput(g, out, inputs);
                    assertArrayEquals(independent.shape(), stepped.shape(), out);
                    assertArrayEquals(independent.floats(), stepped.floats(), 0f, out);
                    checked++;
                }
                assertEquals(i == g.nodes().size() - 1, e.isFinished());
            }
        }
        assertTrue(checked >= g.nodes().size(), "checked " + checked + " values");
    }

    private static Tensor runWithOutput(Graph g, String value, Map<String, Tensor> inputs) {
        Graph copy = new Graph(g.name() + "_" + value, g.nodes(), g.inputs(),
                Collections.singletonList(new ValueInfo(value, null)), g.initializers(), g.declaredTypes(),
                g.outerReferences());
        ExecutionPlan plan = new ExecutionPlan(copy, Backends.find("cpu-ref"), PlanOptions.defaults());
        Tensor[] in = new Tensor[g.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = inputs.get(g.inputs().get(i).name());
        }
        Execution e = new Execution(plan, in, NodeHook.NONE, null);
        e.runToEnd();
        return e.outputs()[0];
    }
}
