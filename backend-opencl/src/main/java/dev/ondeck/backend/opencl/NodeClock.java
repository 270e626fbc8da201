package dev.ondeck.backend.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A node's device timing. When the execution asks for it ({@code ExecContext.deviceTiming()}), each command
 * the node enqueues gets an event, kept pending without waiting; reading the times (after the profiler's
 * end-of-run finish) resolves them: CL_PROFILING_COMMAND_START..END adds to the kernel or transfer sum, and
 * QUEUED..START to the queue delay. When off, commands get no event and nothing waits. Native scratch is
 * allocated once per node.
 */
final class NodeClock {
    private static final int SLOTS = 16;
    private final OpenCl cl;
    private final MemorySegment events;
    private final boolean[] isKernel = new boolean[SLOTS];
    private final MemorySegment scratch;
    private int pending;
    private boolean on;
    private long kernelNanos;
    private long transferNanos;
    private long queuedToStart;
    private MemorySegment queue = MemorySegment.NULL;

    NodeClock(OpenCl cl) {
        this.cl = cl;
        Arena arena = Arena.ofAuto();
        this.events = arena.allocate(ADDRESS, SLOTS);
        this.scratch = arena.allocate(JAVA_LONG);
    }

    /** Starts a node's execution, timed or not. */
    void start(boolean timed) {
        resolve();
        on = timed;
        kernelNanos = 0;
        transferNanos = 0;
        queuedToStart = 0;
    }

    /** The event out-parameter for the next command: NULL when not timing. */
    MemorySegment event() {
        if (!on) {
            return MemorySegment.NULL;
        }
        if (pending == SLOTS) {
            resolve();
        }
        return events.asSlice(pending * ADDRESS.byteSize(), ADDRESS.byteSize());
    }

    /** After enqueueing a kernel with {@link #event()}. */
    void kernelDone() {
        record(true);
    }

    /** After a copy enqueued with {@link #event()}. */
    void transferDone() {
        record(false);
    }

    private void record(boolean kernel) {
        if (on) {
            isKernel[pending++] = kernel;
            cl.flush(queue);
        }
    }

    /** The queue the node's commands go to (flushed after each timed command so the device starts at once). */
    NodeClock on(MemorySegment commandQueue) {
        queue = commandQueue;
        return this;
    }

    /** Adds host compute time (a CPU fallback's kernel) to the kernel sum. */
    void hostKernel(long nanos) {
        if (on) {
            kernelNanos += nanos;
        }
    }

    private void resolve() {
        if (pending == 0) {
            return;
        }
        cl.waitFor(events, pending);
        for (int i = 0; i < pending; i++) {
            MemorySegment ev = events.getAtIndex(ADDRESS, i);
            long queued = cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_QUEUED, scratch);
            cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_SUBMIT, scratch);
            long start = cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_START, scratch);
            long end = cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_END, scratch);
            cl.release(ev);
            queuedToStart += start - queued;
            if (isKernel[i]) {
                kernelNanos += end - start;
            } else {
                transferNanos += end - start;
            }
        }
        pending = 0;
    }

    long kernelNanos() {
        resolve();
        return kernelNanos;
    }

    long transferNanos() {
        resolve();
        return transferNanos;
    }

    /** Time the node's commands waited in the queue before starting on the device, ns. */
    long queuedToStartNanos() {
        resolve();
        return queuedToStart;
    }
}
