package dev.ondeck.engine.backend;

/**
 * A kernel that runs on a device and, when the execution asks for device timing
 * ({@link dev.ondeck.engine.ops.ExecContext#deviceTiming()}), waits for its work and records how long it took
 * there, from the device's own profiling events. Without that request it never waits.
 */
public interface DeviceTimedKernel extends Kernel {
    /** Device time of the node's compute in its last timed execution, ns (0 when it has none). */
    long lastKernelNanos();

    /** Time of the node's host-device copies in its last timed execution, ns (0 when none were needed). */
    long lastTransferNanos();
}
