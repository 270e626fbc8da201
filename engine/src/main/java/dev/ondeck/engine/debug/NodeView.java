package dev.ondeck.engine.debug;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A snapshot of the node a {@link Debugger} is stopped at: op, attributes, inputs and outputs with types. */
public final class NodeView {
    private final Node node;
    private final String graph;
    private final int depth;
    private final List<TensorType> inputTypes;
    private final List<TensorType> outputTypes;

    NodeView(Node node, String graph, int depth, Tensor[] inputs, Tensor[] outputs) {
        this.node = node;
        this.graph = graph;
        this.depth = depth;
        this.inputTypes = typesOf(inputs);
        this.outputTypes = typesOf(outputs);
    }

    private static List<TensorType> typesOf(Tensor[] values) {
        List<TensorType> out = new ArrayList<>();
        for (Tensor t : values) {
            out.add(t == null ? null : TensorType.of(t.dtype(), t.shapeView()));
        }
        return Collections.unmodifiableList(out);
    }

    public String name() {
        return node.name();
    }

    public String opType() {
        return node.opType();
    }

    /** Name of the graph the node is in. */
    public String graph() {
        return graph;
    }

    public int depth() {
        return depth;
    }

    public Map<String, Object> attributes() {
        return node.attributes();
    }

    public List<String> inputNames() {
        return java.util.Arrays.asList(node.inputs());
    }

    public List<String> outputNames() {
        return java.util.Arrays.asList(node.outputs());
    }

    /** Input types (null for absent or not yet computed). */
    public List<TensorType> inputTypes() {
        return inputTypes;
    }

    /** Output types (nulls before the node ran). */
    public List<TensorType> outputTypes() {
        return outputTypes;
    }

    /** The imported node. */
    public Node node() {
        return node;
    }

    @Override
    public String toString() {
        return node.name() + " (" + node.opType() + ") in " + graph + ": " + inputNames() + " " + inputTypes
                + " -> " + outputNames() + " " + outputTypes;
    }
}
