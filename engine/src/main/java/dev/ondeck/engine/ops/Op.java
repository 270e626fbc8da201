package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.TensorType;
import java.util.List;

/**
 * A typed, immutable operator: attributes are fields fixed at import. Its {@link #infer} is shape
 * inference and validation; its {@link #execute} is the scalar reference implementation, the
 * specification every faster kernel is checked against.
 */
public interface Op {
    /**
     * Output types from input types.
     *
     * @param inputs one type per declared input; null for an absent optional input. Every present type has
     *        a fully known shape.
     * @param values the input values where known (constants at prepare time; every input at run time);
     *        null entries where unknown or absent
     * @param outputCount how many outputs the node declares
     * @return one type per output. An entry may be null when it depends on values not known yet (prepare
     *         time), or, at run time, when the output's shape depends on the data: then {@link #execute}
     *         creates that output itself.
     * @throws ShapeException when the inputs are invalid for this op (expected vs found)
     */
    TensorType[] infer(TensorType[] inputs, Tensor[] values, int outputCount);

    /**
     * Computes the outputs. {@code outputs[i]} is preallocated with the type {@link #infer} returned,
     * or null where infer returned null, in which case this method must store a new tensor there.
     * Absent optional inputs are null.
     */
    void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx);

    /**
     * Floating-point operations of one execution, from the shapes (a multiply-add counts as 2). The
     * default counts one per output element, right for elementwise ops; ops with more work per output
     * (convolution, matrix products, pooling, normalisation, reductions) override it, and pure data movement
     * returns 0.
     */
    default long flops(TensorType[] inputs, TensorType[] outputs) {
        long n = 0;
        for (TensorType t : outputs) {
            if (t != null && t.isStatic()) {
                n += t.elementCount();
            }
        }
        return n;
    }

    /** False for ops whose output is random; such ops are never folded at prepare time. */
    default boolean isDeterministic() {
        return true;
    }

    /** Subgraphs this op runs (If branches, Loop and Scan bodies), in attribute order. */
    default List<Graph> subgraphs() {
        return java.util.Collections.emptyList();
    }
}
