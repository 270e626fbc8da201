package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;

/** A float kernel of {@code cpu-portable} used by {@code cpu-int8} for a node outside its int8 patterns, labelled so. */
class FloatFallback implements Kernel {
    final Kernel delegate;

    FloatFallback(Kernel delegate) {
        this.delegate = delegate;
    }

    /** The labelled kernel, keeping the delegate's ability to absorb the next node; null for null. */
    static Kernel wrap(Kernel k) {
        if (k == null) {
            return null;
        }
        return k instanceof FusingKernel ? new Fusing((FusingKernel) k) : new FloatFallback(k);
    }

    @Override
    public void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx) {
        delegate.execute(inputs, outputs, ctx);
    }

    @Override
    public String backendLabel() {
        return Int8Backend.FLOAT_LABEL;
    }

    /** The fusing form. */
    static final class Fusing extends FloatFallback implements FusingKernel {
        Fusing(FusingKernel delegate) {
            super(delegate);
        }

        @Override
        public Kernel absorb(Node next, TensorType[] nextInputTypes, Tensor[] nextConstants) {
            return wrap(((FusingKernel) delegate).absorb(next, nextInputTypes, nextConstants));
        }

        @Override
        public Kernel absorb(Node next, int input, TensorType[] nextInputTypes, Tensor[] nextConstants) {
            return wrap(((FusingKernel) delegate).absorb(next, input, nextInputTypes, nextConstants));
        }
    }
}
