package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Graph;

/** What the runtime offers an executing op: subgraph execution and cooperative cancellation. */
public interface ExecContext {
    /**
     * Runs a subgraph of the executing node with the given inputs (in the subgraph's input order); values
     * the subgraph takes from enclosing graphs are resolved by name. Returns the subgraph's outputs, which
     * the caller owns.
     */
    Tensor[] runSubgraph(Graph graph, Tensor[] inputs);

    /** Throws {@link dev.ondeck.engine.RunCancelledException} if the calling thread was interrupted. */
    void checkInterrupted();

    /**
     * True when a hook asked for device timing: device kernels then wait for their work and record its time
     * ({@link dev.ondeck.engine.backend.DeviceTimedKernel}); otherwise they never wait per op.
     */
    default boolean deviceTiming() {
        return false;
    }
}
