package dev.ondeck.engine.backend;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ops.ExecContext;

/**
 * One node's executable form on a backend, prepared once. {@code execute} writes into the preallocated
 * outputs (or creates those left null, for data-dependent shapes) and must not allocate otherwise.
 */
public interface Kernel {
    void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx);
}
