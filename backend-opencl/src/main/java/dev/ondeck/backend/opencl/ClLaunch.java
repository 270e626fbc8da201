package dev.ondeck.backend.opencl;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.DeviceTimedKernel;
import dev.ondeck.engine.ops.ExecContext;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One node as an OpenCL kernel launch, prepared once for its shapes: the kernel object with its scalar and
 * table arguments set at prepare time; {@code execute} only binds the input and output buffers (uploading
 * inputs whose device copy is stale) and enqueues a 1-D range, never waiting unless the execution asks for
 * device timing. Built with {@link Builder}.
 */
final class ClLaunch implements DeviceTimedKernel {
    private final ClContext ctx;
    private final DeviceValues values;
    private final MemorySegment kernel;
    private final int[] inputArg;
    private final int[] outputArg;
    private final MemorySegment globalSize;
    private final MemorySegment handle;
    private final NodeClock clock;
    private static final Cleaner CLEANER = Cleaner.create();
    private final long items;
    private final List<Object> keepAlive;

    private ClLaunch(Builder b) {
        this.ctx = b.ctx;
        this.values = b.values;
        this.kernel = b.kernel;
        this.inputArg = b.inputArg;
        this.outputArg = b.outputArg;
        this.items = b.items;
        Arena arena = Arena.ofAuto();
        this.globalSize = arena.allocate(JAVA_LONG);
        globalSize.set(JAVA_LONG, 0, Math.max(1, items));
        this.handle = arena.allocate(ADDRESS);
        this.clock = new NodeClock(ctx.cl).on(ctx.queue);
        this.keepAlive = b.keepAlive;
        CLEANER.register(this, new Release(ctx, kernel, b.tables));
    }

    /** Frees a collected launch's kernel object and its prepare-time tables. */
    private record Release(ClContext ctx, MemorySegment kernel, List<Table> tables) implements Runnable {
        @Override
        public void run() {
            ctx.cl.releaseKernel(kernel);
            for (Table t : tables) {
                ctx.allocator.free(t.buffer(), t.bytes());
            }
        }
    }

    /** A device buffer holding an int32 table. */
    private record Table(MemorySegment buffer, long bytes) {
    }

    @Override
    public void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ec) {
        clock.start(ec != null && ec.deviceTiming());
        for (int i = 0; i < inputArg.length; i++) {
            if (inputArg[i] >= 0) {
                bind(inputArg[i], values.input(inputs[i], clock));
            }
        }
        for (int o = 0; o < outputArg.length; o++) {
            if (outputArg[o] >= 0) {
                bind(outputArg[o], values.output(outputs[o]));
            }
        }
        if (items > 0) {
            ctx.cl.enqueue(ctx.queue, kernel, globalSize, clock.event());
            clock.kernelDone();
        }
        for (int o = 0; o < outputArg.length; o++) {
            if (outputArg[o] >= 0) {
                values.deviceWrote(outputs[o]);
            }
        }
    }

    private void bind(int arg, MemorySegment buffer) {
        handle.set(ADDRESS, 0, buffer);
        ctx.cl.setArg(kernel, arg, ADDRESS.byteSize(), handle);
    }

    @Override
    public long lastKernelNanos() {
        return clock.kernelNanos();
    }

    @Override
    public long lastTransferNanos() {
        return clock.transferNanos();
    }

    /**
     * Collects a launch's arguments in kernel order: {@code input(i)} and {@code output(o)} bind the node's
     * tensors at execute time; {@code ints}, {@code i} and {@code f} are fixed at prepare time.
     */
    static final class Builder {
        private final ClContext ctx;
        private final DeviceValues values;
        private final MemorySegment kernel;
        private final int[] inputArg;
        private final int[] outputArg;
        private final List<Object> keepAlive = new ArrayList<>();
        private final List<Table> tables = new ArrayList<>();
        private final Arena arena = Arena.ofAuto();
        private int next;
        private long items;

        Builder(ClContext ctx, DeviceValues values, MemorySegment kernel, int inputs, int outputs) {
            this.ctx = ctx;
            this.values = values;
            this.kernel = kernel;
            this.inputArg = new int[inputs];
            this.outputArg = new int[outputs];
            java.util.Arrays.fill(inputArg, -1);
            java.util.Arrays.fill(outputArg, -1);
        }

        Builder input(int i) {
            inputArg[i] = next++;
            return this;
        }

        Builder output(int o) {
            outputArg[o] = next++;
            return this;
        }

        /** A buffer argument fixed at prepare time (a constant, a table). */
        Builder buffer(MemorySegment buffer) {
            MemorySegment h = arena.allocate(ADDRESS);
            h.set(ADDRESS, 0, buffer);
            ctx.cl.setArg(kernel, next++, ADDRESS.byteSize(), h);
            return this;
        }

        /** An int32 table uploaded once, freed with the launch. */
        Builder ints(int... table) {
            MemorySegment buf = values.ints(table);
            tables.add(new Table(buf, 4L * Math.max(1, table.length)));
            return buffer(buf);
        }

        /** A placeholder for an absent optional buffer argument (the kernel is told not to read it). */
        Builder absent() {
            return buffer(values.placeholder());
        }

        Builder i(int v) {
            MemorySegment s = arena.allocate(JAVA_INT);
            s.set(JAVA_INT, 0, v);
            ctx.cl.setArg(kernel, next++, 4, s);
            return this;
        }

        Builder f(float v) {
            MemorySegment s = arena.allocate(JAVA_FLOAT);
            s.set(JAVA_FLOAT, 0, v);
            ctx.cl.setArg(kernel, next++, 4, s);
            return this;
        }

        /** Keeps an object (e.g. a constant tensor whose device buffer an argument uses) reachable. */
        Builder keep(Object o) {
            keepAlive.add(o);
            return this;
        }

        ClLaunch over(long workItems) {
            this.items = workItems;
            return new ClLaunch(this);
        }
    }
}
