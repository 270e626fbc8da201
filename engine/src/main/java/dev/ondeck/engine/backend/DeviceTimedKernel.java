package dev.ondeck.engine.backend;

/**
 * A kernel that runs on a device and, when the execution asks for device timing
 * ({@link dev.ondeck.engine.ops.ExecContext#deviceTiming()}), records how long its work took there from the
 * device's own profiling events, without waiting for it: the times are read after the run, once
 * {@link DeviceMemory#finish()} returned. Without that request its commands carry no events.
 */
public interface DeviceTimedKernel extends Kernel {
    /** Device time of the node's compute in its last timed execution, ns (0 when it has none). */
    long lastKernelNanos();

    /** Time of the node's host-device copies in its last timed execution, ns (0 when none were needed). */
    long lastTransferNanos();

    /**
     * True when the kernel and transfer times were spent on the calling thread (a CPU fallback with blocking
     * copies), so they are part of the node's wall time; false when the device ran them asynchronously.
     */
    default boolean onHost() {
        return false;
    }
}
