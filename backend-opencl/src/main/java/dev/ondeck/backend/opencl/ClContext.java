package dev.ondeck.backend.opencl;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The OpenCL state the backend shares among its kernels: the selected device, one context, one in-order
 * command queue (with profiling enabled, read only when a profiling hook asks), the buffer allocator, the
 * program cache and the residency of tensors on the device.
 */
final class ClContext {
    final OpenCl cl;
    final ClDevice device;
    final List<ClDevice> devices;
    final MemorySegment context;
    final MemorySegment queue;
    final ClAllocator allocator;
    final ClPrograms programs;

    private ClContext(OpenCl cl, ClDevice device, List<ClDevice> devices) {
        this.cl = cl;
        this.device = device;
        this.devices = devices;
        this.context = cl.createContext(device.deviceId());
        this.queue = cl.createQueue(context, device.deviceId());
        this.allocator = new ClAllocator(cl, context);
        this.programs = new ClPrograms(cl, context, device.deviceId());
    }

    private static final Object LOCK = new Object();
    private static ClContext shared;
    private static String unavailable;

    /** The process-wide context, created on first use; null when there is none ({@link #unavailableReason()}). */
    static ClContext get() {
        synchronized (LOCK) {
            if (shared == null && unavailable == null) {
                OpenCl cl = OpenCl.get();
                if (cl == null) {
                    unavailable = OpenCl.loadFailure();
                } else {
                    try {
                        List<ClDevice> devices = ClDevice.discover(cl);
                        if (devices.isEmpty()) {
                            unavailable = "no OpenCL platform with a device found (the ICD loader found no driver;"
                                    + " install one, e.g. Debian's pocl-opencl-icd)";
                        } else {
                            shared = new ClContext(cl, ClDevice.select(devices), devices);
                        }
                    } catch (OpenClException e) {
                        unavailable = e.getMessage();
                    }
                }
            }
            return shared;
        }
    }

    /** Why there is no context, or null when there is one. */
    static String unavailableReason() {
        get();
        return unavailable;
    }
}
