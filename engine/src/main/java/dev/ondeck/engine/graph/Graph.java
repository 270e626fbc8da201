package dev.ondeck.engine.graph;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A typed graph after import: nodes in a valid topological order, inputs, outputs, initializers and the
 * declared types of values. A subgraph also lists the names it reads from enclosing graphs.
 */
public final class Graph {
    private final String name;
    private final List<Node> nodes;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final Map<String, Tensor> initializers;
    private final Map<String, TensorType> declaredTypes;
    private final Set<String> outerReferences;

    public Graph(String name, List<Node> nodes, List<ValueInfo> inputs, List<ValueInfo> outputs,
                 Map<String, Tensor> initializers, Map<String, TensorType> declaredTypes, Set<String> outerReferences) {
        this.name = name;
        this.nodes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(nodes));
        this.inputs = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(inputs));
        this.outputs = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(outputs));
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        this.declaredTypes = Collections.unmodifiableMap(new LinkedHashMap<>(declaredTypes));
        this.outerReferences = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(outerReferences));
    }

    public String name() {
        return name;
    }

    /** Nodes in execution (topological) order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Inputs that a caller feeds (initializers excluded). */
    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    /** Constant tensors by name. */
    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** Types declared in the file (inputs, outputs, value_info, initializers). */
    public Map<String, TensorType> declaredTypes() {
        return declaredTypes;
    }

    /** Names read from enclosing graphs (empty for a main graph). */
    public Set<String> outerReferences() {
        return outerReferences;
    }
}
