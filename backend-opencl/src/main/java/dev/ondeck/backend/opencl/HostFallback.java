package dev.ondeck.backend.opencl;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.backend.DeviceTimedKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;

/**
 * A node the OpenCL backend has no kernel for, run on the CPU: its inputs are copied from the device first
 * (when a device kernel wrote them), then a {@code cpu-portable} kernel runs (else {@code cpu-ref}'s), and
 * its outputs count as host values (uploaded again when a device kernel reads them). Its backend label
 * says so, e.g. {@code cpu-ref (fallback, device->host copies)}; the profile reports the copies as its
 * transfer time and the CPU work as its kernel time.
 */
final class HostFallback implements DeviceTimedKernel {
    private static final String PORTABLE = "cpu-portable";
    private final DeviceValues values;
    private final Kernel cpu;
    private final String label;
    private final NodeClock clock;

    private HostFallback(DeviceValues values, Kernel cpu, String label, NodeClock clock) {
        this.values = values;
        this.cpu = cpu;
        this.label = label;
        this.clock = clock;
    }

    static Kernel of(OpenClBackend backend, Node node, TensorType[] in, Tensor[] constants, int threads) {
        Kernel k = null;
        String on = Backends.REFERENCE;
        for (Backend b : Backends.all()) {
            if (b.name().equals(PORTABLE) && b.unavailableReason() == null) {
                k = b.kernelFor(node, in, constants, threads);
                on = PORTABLE;
            }
        }
        if (k == null) {
            k = Backends.find(Backends.REFERENCE).kernelFor(node, in);
            on = Backends.REFERENCE;
        }
        ClContext ctx = backend.context();
        return new HostFallback(backend.values(), k, on + " (fallback, device->host copies)", new NodeClock(ctx.cl).on(ctx.queue));
    }

    @Override
    public void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx) {
        clock.start(ctx != null && ctx.deviceTiming());
        for (Tensor t : inputs) {
            if (t != null) {
                values.toHost(t, clock);
            }
        }
        long t0 = System.nanoTime();
        cpu.execute(inputs, outputs, ctx);
        clock.hostKernel(System.nanoTime() - t0);
        for (Tensor t : outputs) {
            if (t != null) {
                values.hostWrote(t);
            }
        }
    }

    @Override
    public boolean onHost() {
        return true;
    }

    @Override
    public String backendLabel() {
        return label;
    }

    @Override
    public long lastKernelNanos() {
        return clock.kernelNanos();
    }

    @Override
    public long lastTransferNanos() {
        return clock.transferNanos();
    }
}
