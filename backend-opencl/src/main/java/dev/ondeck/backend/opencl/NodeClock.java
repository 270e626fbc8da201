package dev.ondeck.backend.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A node's device timing. When the execution asks for it ({@code ExecContext.deviceTiming()}), each command
 * the node enqueues gets an event; the clock waits for it and adds its CL_PROFILING_COMMAND_START..END time
 * to the kernel or transfer sum (QUEUED and SUBMIT are read too: {@link #lastQueuedToStartNanos()}). When
 * off, commands get no event and nothing waits. Native scratch is allocated once per node.
 */
final class NodeClock {
    private final OpenCl cl;
    private final MemorySegment eventSlot;
    private final MemorySegment scratch;
    private boolean on;
    private long kernelNanos;
    private long transferNanos;
    private long queuedToStart;

    NodeClock(OpenCl cl) {
        this.cl = cl;
        Arena arena = Arena.ofAuto();
        this.eventSlot = arena.allocate(ADDRESS);
        this.scratch = arena.allocate(JAVA_LONG);
    }

    /** Starts a node's execution, timed or not. */
    void start(boolean timed) {
        on = timed;
        kernelNanos = 0;
        transferNanos = 0;
        queuedToStart = 0;
    }

    boolean timed() {
        return on;
    }

    /** The event out-parameter for the next command: NULL when not timing. */
    MemorySegment event() {
        return on ? eventSlot : MemorySegment.NULL;
    }

    /** After enqueueing a kernel with {@link #event()}: waits for it and adds its device time when timing. */
    void kernelDone() {
        if (on) {
            kernelNanos += measure(true);
        }
    }

    /** After a copy enqueued with {@link #event()}: adds its device time when timing (waiting unless it blocked). */
    void transferDone(boolean blocking) {
        if (on) {
            transferNanos += measure(!blocking);
        }
    }

    /** Adds host compute time (a CPU fallback's kernel) to the kernel sum. */
    void hostKernel(long nanos) {
        if (on) {
            kernelNanos += nanos;
        }
    }

    private long measure(boolean wait) {
        MemorySegment ev = eventSlot.get(ADDRESS, 0);
        if (wait) {
            cl.waitFor(eventSlot, 1);
        }
        long queued = cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_QUEUED, scratch);
        cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_SUBMIT, scratch);
        long start = cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_START, scratch);
        long end = cl.profilingTime(ev, OpenCl.CL_PROFILING_COMMAND_END, scratch);
        cl.release(ev);
        queuedToStart += start - queued;
        return end - start;
    }

    long kernelNanos() {
        return kernelNanos;
    }

    long transferNanos() {
        return transferNanos;
    }

    /** Time the node's commands waited in the queue before starting on the device, ns. */
    long lastQueuedToStartNanos() {
        return queuedToStart;
    }
}
