package dev.ondeck.engine.backend;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import java.util.List;

/**
 * What a backend may read of the graph around a node at prepare time, for kernels that recognise patterns
 * across nodes (e.g. {@code cpu-int8} reading the scales of the DequantizeLinear before a convolution and the
 * QuantizeLinear after it). Read-only; valid only during {@link Backend#kernelFor(Node, dev.ondeck.engine.graph.TensorType[],
 * Tensor[], int, PlanGraph)}.
 */
public interface PlanGraph {
    /** The node writing that value, or null for graph inputs and initializers. */
    Node producer(String value);

    /** The nodes reading that value, in graph order (empty when none). */
    List<Node> consumers(String value);

    /** The value when constant (an initializer or folded at prepare time), otherwise null. */
    Tensor constant(String value);

    /** Whether the value is a graph output. */
    boolean isGraphOutput(String value);
}
