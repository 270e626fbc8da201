package dev.ondeck.engine.backend;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ops.ExecContext;

/**
 * One node's executable form on a backend, prepared once. {@code execute} writes into the preallocated
 * outputs (or creates those left null, for data-dependent shapes) and must not allocate otherwise.
 */
public interface Kernel {
    void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx);

    /**
     * What the plan and profile show as this node's backend when it is not simply the backend's name (e.g. a
     * GPU backend's CPU fallback with its host-device copies); null for the backend's name.
     */
    default String backendLabel() {
        return null;
    }
}
