package dev.ondeck.engine.backend;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;

/**
 * A kernel that can also compute the node right after its own, when that node is the only reader of its only
 * output (e.g. a convolution absorbing the Relu or Clip that follows it). The plan asks at prepare time
 * (never in debug plans, which keep every value inspectable); the absorbed node stays in the plan, profile
 * and stepper as an original ONNX node that takes no time, and reads as fused into its producer.
 */
public interface FusingKernel extends Kernel {
    /**
     * A kernel computing this node followed by {@code next} (writing {@code next}'s output into this node's
     * output buffer), or null when this kernel cannot absorb it.
     *
     * @param nextInputTypes input types of {@code next} at prepare time
     * @param nextConstants its constant inputs (null entries elsewhere)
     */
    Kernel absorb(Node next, TensorType[] nextInputTypes, Tensor[] nextConstants);

    /**
     * As {@link #absorb(Node, TensorType[], Tensor[])} where this node's output is input {@code input} of
     * {@code next} (e.g. the Sigmoid of {@code x * Sigmoid(x)}); by default only the first input is absorbed.
     */
    default Kernel absorb(Node next, int input, TensorType[] nextInputTypes, Tensor[] nextConstants) {
        return input == 0 ? absorb(next, nextInputTypes, nextConstants) : null;
    }

    /**
     * A kernel computing this node followed by the self-gated product {@code product = Mul(x, gate(x))} (either
     * input order), where x is this node's output, read by exactly {@code gate} and {@code product}, and the
     * gate's output is read only by {@code product} (SiLU is {@code x * Sigmoid(x)}); both are absorbed and
     * their outputs alias this node's. Null when this kernel cannot absorb them (the default).
     *
     * @param productTypes input types of {@code product} at prepare time
     */
    default Kernel absorbGated(Node gate, Node product, TensorType[] productTypes) {
        return null;
    }
}
