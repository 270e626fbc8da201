package dev.ondeck.backend.opencl;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.DeviceMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Where each tensor's current value lives: on the host (its array), on the device (a buffer), or both.
 * GPU kernels write device buffers and leave the host array stale; {@link #toHost} copies back only when host
 * code reads (graph outputs, hooks, CPU fallbacks). Tensors are keyed by identity ({@link Tensor} keeps
 * {@code Object}'s equality) and weakly: when one is collected its buffer returns to the {@link ClAllocator}.
 * Storage is float32, or float16 for the fp16 backend (converted on the host when copying).
 */
final class DeviceValues implements DeviceMemory {
    private final ClContext ctx;
    private final boolean half;
    private final Map<Tensor, Entry> entries = new WeakHashMap<>();
    private final ReferenceQueue<Tensor> dead = new ReferenceQueue<>();

    DeviceValues(ClContext ctx, boolean half) {
        this.ctx = ctx;
        this.half = half;
    }

    /** Bytes per element on the device. */
    int elementBytes() {
        return half ? 2 : 4;
    }

    /** One tensor's device side. */
    private static final class Entry extends WeakReference<Tensor> {
        final MemorySegment buffer;
        final long bytes;
        final Tensor aliasOf;
        MemorySegment staging;
        boolean deviceCurrent;
        boolean hostCurrent = true;

        Entry(Tensor t, ReferenceQueue<Tensor> q, MemorySegment buffer, long bytes, Tensor aliasOf) {
            super(t, q);
            this.buffer = buffer;
            this.bytes = bytes;
            this.aliasOf = aliasOf;
        }
    }

    @Override
    public synchronized void runStarting(Tensor[] inputs) {
        for (Tensor t : inputs) {
            Entry e = t == null ? null : entries.get(t);
            if (e != null) {
                e.deviceCurrent = false;
                e.hostCurrent = true;
            }
        }
    }

    @Override
    public void finish() {
        ctx.cl.finish(ctx.queue);
    }

    @Override
    public synchronized void toHost(Tensor t) {
        Entry e = entries.get(t);
        if (e != null && !e.hostCurrent) {
            download(t, e, null);
        }
    }

    /** Makes the host array current (for a CPU fallback), timing the copy on {@code clock}. */
    synchronized void toHost(Tensor t, NodeClock clock) {
        Entry e = entries.get(t);
        if (e != null && !e.hostCurrent) {
            download(t, e, clock);
        }
    }

    /** Host code wrote {@code t}: its device copy, if any, is stale. */
    synchronized void hostWrote(Tensor t) {
        Entry e = entries.get(t);
        if (e != null) {
            e.deviceCurrent = false;
            e.hostCurrent = true;
        }
    }

    /** The device buffer holding {@code t}'s current value, uploading it first when the device copy is stale. */
    synchronized MemorySegment input(Tensor t, NodeClock clock) {
        Entry e = entry(t);
        if (!e.deviceCurrent) {
            upload(t, e, clock);
        }
        return e.buffer;
    }

    /** The device buffer a kernel writes {@code t} into; call {@link #deviceWrote} once enqueued. */
    synchronized MemorySegment output(Tensor t) {
        return entry(t).buffer;
    }

    /** A kernel was enqueued that writes {@code t}: the device copy is current, the host array stale. */
    synchronized void deviceWrote(Tensor t) {
        Entry e = entries.get(t);
        e.deviceCurrent = true;
        e.hostCurrent = false;
    }

    /** Makes {@code view} share {@code source}'s device buffer (a reshape that moves nothing). */
    synchronized void alias(Tensor view, Tensor source, NodeClock clock) {
        MemorySegment buf = input(source, clock);
        Entry old = entries.get(view);
        if (old == null || old.buffer.address() != buf.address()) {
            if (old != null && old.aliasOf == null) {
                ctx.allocator.free(old.buffer, old.bytes);
            }
            old = new Entry(view, null, buf, entries.get(source).bytes, source);
            entries.put(view, old);
        }
        old.deviceCurrent = true;
        old.hostCurrent = false;
    }

    /** A device buffer holding a constant, uploaded once (the entry lives as long as the tensor). */
    synchronized MemorySegment constant(Tensor t) {
        return input(t, null);
    }

    private MemorySegment placeholder;

    /** One small buffer bound where a kernel's optional argument is absent (never read). */
    synchronized MemorySegment placeholder() {
        if (placeholder == null) {
            placeholder = ints(new int[1]);
        }
        return placeholder;
    }

    /** Uploads an int32 table (index maps, offsets) into a buffer owned by the caller's lifetime. */
    MemorySegment ints(int[] values) {
        MemorySegment buf = ctx.allocator.allocate(4L * Math.max(1, values.length));
        MemorySegment staging = Arena.ofAuto().allocate(4L * Math.max(1, values.length));
        if (values.length > 0) {
            MemorySegment.copy(values, 0, staging, JAVA_INT, 0, values.length);
            ctx.cl.write(ctx.queue, buf, staging, 4L * values.length, MemorySegment.NULL);
            ctx.cl.finish(ctx.queue);
        }
        return buf;
    }

    private Entry entry(Tensor t) {
        reclaim();
        Entry e = entries.get(t);
        if (e == null) {
            if (t.dtype() != DType.FLOAT) {
                throw new IllegalArgumentException("the OpenCL backend stores float32 tensors, not " + t.dtype());
            }
            long bytes = (long) elementBytes() * Math.max(1, t.size());
            e = new Entry(t, dead, ctx.allocator.allocate(bytes), bytes, null);
            entries.put(t, e);
        }
        return e;
    }

    private void reclaim() {
        for (Object r; (r = dead.poll()) != null; ) {
            Entry e = (Entry) r;
            if (e.aliasOf == null) {
                ctx.allocator.free(e.buffer, e.bytes);
            }
        }
    }

    private void upload(Tensor t, Entry e, NodeClock clock) {
        int n = t.size();
        e.deviceCurrent = true;
        e.hostCurrent = true;
        if (n == 0) {
            return;
        }
        if (e.staging == null) {
            e.staging = Arena.ofAuto().allocate(e.bytes);
        }
        float[] src = t.floats();
        if (half) {
            for (int i = 0; i < n; i++) {
                e.staging.setAtIndex(JAVA_SHORT, i, Float.floatToFloat16(src[i]));
            }
        } else {
            MemorySegment.copy(src, 0, e.staging, JAVA_FLOAT, 0, n);
        }
        ctx.cl.write(ctx.queue, e.buffer, e.staging, (long) elementBytes() * n, clock == null ? MemorySegment.NULL : clock.event());
        if (clock != null) {
            clock.transferDone();
        }
    }

    private void download(Tensor t, Entry e, NodeClock clock) {
        int n = t.size();
        e.hostCurrent = true;
        if (n == 0) {
            return;
        }
        float[] dst = t.floats();
        MemorySegment event = clock == null ? MemorySegment.NULL : clock.event();
        if (half) {
            if (e.staging == null) {
                e.staging = Arena.ofAuto().allocate(e.bytes);
            }
            ctx.cl.readBlocking(ctx.queue, e.buffer, e.staging, 2L * n, event);
            for (int i = 0; i < n; i++) {
                dst[i] = Float.float16ToFloat(e.staging.getAtIndex(JAVA_SHORT, i));
            }
        } else {
            ctx.cl.readBlocking(ctx.queue, e.buffer, MemorySegment.ofArray(dst), 4L * n, event);
        }
        if (clock != null) {
            clock.transferDone();
        }
    }
}
