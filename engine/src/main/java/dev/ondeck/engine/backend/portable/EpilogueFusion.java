package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.UnaryOps;

/**
 * Which following nodes a convolution's {@link Epilogue} can take over: a clamp (Relu, Clip) before any
 * activation, HardSwish, and the self-gated products {@code x * Sigmoid(x)} (SiLU) and
 * {@code x * HardSigmoid(x)} with HardSwish's constants (alpha 1/6, beta 1/2).
 */
public final class EpilogueFusion {
    private EpilogueFusion() {
    }

    /** The epilogue {@code e} followed by {@code next} (the only reader of its output), or null. */
    public static Epilogue absorb(Epilogue e, Node next, Tensor[] constants) {
        if (e.activation() != Epilogue.Activation.NONE) {
            return null;
        }
        float[] clamp = ElementwiseKernels.clampOf(next, constants);
        if (clamp != null) {
            return e.clamps() ? null : e.clamped(clamp[0], clamp[1]);
        }
        boolean hardSwish = next.op() instanceof UnaryOps.Unary
                && ((UnaryOps.Unary) next.op()).function() == UnaryOps.Function.HARD_SWISH;
        return hardSwish ? e.activated(Epilogue.Activation.HARD_SWISH) : null;
    }

    /**
     * The epilogue {@code e} followed by {@code product = Mul(x, gate(x))} (either order), x its output, or null.
     *
     * @param productTypes the input types of the product (both must be float and of one shape)
     */
    public static Epilogue absorbGated(Epilogue e, Node gate, Node product, TensorType[] productTypes) {
        if (e.activation() != Epilogue.Activation.NONE || !(gate.op() instanceof UnaryOps.Unary)
                || !(product.op() instanceof ElementwiseOps.Arithmetic) || productTypes.length != 2) {
            return null;
        }
        ElementwiseOps.Arithmetic mul = (ElementwiseOps.Arithmetic) product.op();
        for (TensorType t : productTypes) {
            if (t == null || t.dtype() != DType.FLOAT || !t.equals(productTypes[0])) {
                return null;
            }
        }
        if (mul.kind() != ElementwiseOps.Arith.MUL || mul.legacy()) {
            return null;
        }
        UnaryOps.Unary u = (UnaryOps.Unary) gate.op();
        if (u.function() == UnaryOps.Function.SIGMOID) {
            return e.activated(Epilogue.Activation.SILU);
        }
        if (u.function() == UnaryOps.Function.HARD_SIGMOID) {
            double[] p = u.parameters();
            boolean swish = p.length == 2 && Math.abs(p[0] - 1.0 / 6) < 1e-6 && Math.abs(p[1] - 0.5) < 1e-6;
            return swish ? e.activated(Epilogue.Activation.HARD_SWISH) : null;
        }
        return null;
    }
}
