package dev.ondeck.engine.backend;

import dev.ondeck.engine.Tensor;

/**
 * The memory of a backend whose kernels leave their outputs on a device (a GPU): the host array of such a
 * tensor is stale until {@link #toHost} copies it back. The runtime calls it before host code reads a value
 * (graph outputs, hooks such as the profiler, debugger and diff) and when a run starts.
 */
public interface DeviceMemory {
    /** A run starts with these caller-owned inputs: any device copy of them is stale now. */
    void runStarting(Tensor[] inputs);

    /** Makes the host array of {@code t} current, copying it from the device if a device kernel wrote it last. */
    void toHost(Tensor t);

    /** Waits until all device work queued so far has finished (the profiler's end of a run). */
    void finish();
}
