package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;

/**
 * A float kernel of another backend run for a node outside the int8 patterns, labelled with where it runs
 * (by default {@value Int8Backend#FLOAT_LABEL}) so plans and profiles show the fallback.
 */
public class FloatFallback implements Kernel {
    final Kernel delegate;
    final String label;

    FloatFallback(Kernel delegate, String label) {
        this.delegate = delegate;
        this.label = label;
    }

    /** The kernel labelled {@value Int8Backend#FLOAT_LABEL}; null for null. */
    static Kernel wrap(Kernel k) {
        return wrap(k, Int8Backend.FLOAT_LABEL);
    }

    /** The labelled kernel, keeping the delegate's ability to absorb the next node; null for null. */
    public static Kernel wrap(Kernel k, String label) {
        if (k == null) {
            return null;
        }
        return k instanceof FusingKernel ? new Fusing((FusingKernel) k, label) : new FloatFallback(k, label);
    }

    @Override
    public void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx) {
        delegate.execute(inputs, outputs, ctx);
    }

    @Override
    public String backendLabel() {
        return label;
    }

    /** The fusing form. */
    static final class Fusing extends FloatFallback implements FusingKernel {
        Fusing(FusingKernel delegate, String label) {
            super(delegate, label);
        }

        @Override
        public Kernel absorb(Node next, TensorType[] nextInputTypes, Tensor[] nextConstants) {
            return wrap(((FusingKernel) delegate).absorb(next, nextInputTypes, nextConstants), label);
        }

        @Override
        public Kernel absorb(Node next, int input, TensorType[] nextInputTypes, Tensor[] nextConstants) {
            return wrap(((FusingKernel) delegate).absorb(next, input, nextInputTypes, nextConstants), label);
        }

        @Override
        public Kernel absorbGated(Node gate, Node product, TensorType[] productTypes) {
            return wrap(((FusingKernel) delegate).absorbGated(gate, product, productTypes), label);
        }
    }
}
