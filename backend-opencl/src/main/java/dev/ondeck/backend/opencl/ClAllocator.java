package dev.ondeck.backend.opencl;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device buffers with reuse: a buffer freed (its tensor was collected) goes to a free list by byte size and
 * serves the next request of that size before a new {@code clCreateBuffer}.
 */
final class ClAllocator {
    private final OpenCl cl;
    private final MemorySegment context;
    private final Map<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();
    private long created;
    private long reused;
    private long liveBytes;

    ClAllocator(OpenCl cl, MemorySegment context) {
        this.cl = cl;
        this.context = context;
    }

    /** A buffer of exactly {@code bytes} bytes, from the free list when one is there. */
    synchronized MemorySegment allocate(long bytes) {
        ArrayDeque<MemorySegment> q = free.get(bytes);
        liveBytes += bytes;
        if (q != null && !q.isEmpty()) {
            reused++;
            return q.pop();
        }
        created++;
        return cl.createBuffer(context, bytes);
    }

    /** Returns a buffer of {@code bytes} bytes for reuse. */
    synchronized void free(MemorySegment mem, long bytes) {
        liveBytes -= bytes;
        free.computeIfAbsent(bytes, k -> new ArrayDeque<>()).push(mem);
    }

    /** Buffers created with clCreateBuffer so far. */
    synchronized long created() {
        return created;
    }

    /** Requests served from the free list so far. */
    synchronized long reused() {
        return reused;
    }

    /** Bytes in buffers handed out and not yet freed. */
    synchronized long liveBytes() {
        return liveBytes;
    }
}
