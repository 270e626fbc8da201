package dev.ondeck.engine.backend;

import dev.ondeck.engine.graph.TensorType;

/**
 * A kernel that can write its only output into a contiguous slice of a larger tensor: the plan asks at prepare time
 * when that output (or the output of the nodes fused into it) is one of the blocks of a Concat it can place in
 * memory (in-place Concat), so that the Concat copies nothing. The kernel it returns gets the larger tensor as
 * {@code outputs[0]} and writes this node's elements from element {@code offset} on, in its usual row-major order.
 */
public interface SliceWritingKernel extends Kernel {
    /**
     * This kernel writing at {@code offset} of a larger output, or null when it cannot for these inputs.
     *
     * @param inputTypes the node's input types at prepare time (static)
     */
    Kernel writingAt(int offset, TensorType[] inputTypes);
}
