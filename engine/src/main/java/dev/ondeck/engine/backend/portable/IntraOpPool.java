package dev.ondeck.engine.backend.portable;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of intra-op worker threads, one pool per thread count, shared by every session that asks for
 * that count. {@link #run} hands the indices of a task range to the workers and the calling thread; regions do
 * not nest, and concurrent callers take turns.
 */
public final class IntraOpPool {
    /** One unit of parallel work. */
    public interface Task {
        void run(int index);
    }

    /** One parallel region: its task, index range and progress. Workers that wake late find it drained. */
    private static final class Region {
        final Task task;
        final int count;
        final long generation;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Region(Task task, int count, long generation) {
            this.task = task;
            this.count = count;
            this.generation = generation;
        }
    }

    private static final Map<Integer, IntraOpPool> POOLS = new HashMap<>();
    private static final IntraOpPool SERIAL = new IntraOpPool(1);
    private final int threads;
    private final Object regionLock = new Object();
    private final Object signal = new Object();
    /** How long an idle worker, or a caller waiting for its region, polls before it blocks (regions follow closely). */
    private static final long SPIN_NANOS = 50_000;
    private volatile Region current;
    private long generation;

    private IntraOpPool(int threads) {
        this.threads = threads;
        for (int t = 1; t < threads; t++) {
            Thread w = new Thread(this::work, "ondeck-intra-op-" + threads + "-" + t);
            w.setDaemon(true);
            w.start();
        }
    }

    /** The pool of that many threads (the caller counts as one); 0 or 1 runs everything on the caller. */
    public static IntraOpPool of(int threads) {
        if (threads <= 1) {
            return SERIAL;
        }
        synchronized (POOLS) {
            return POOLS.computeIfAbsent(threads, IntraOpPool::new);
        }
    }

    /** Threads that work in a region, the caller included. */
    public int threads() {
        return threads;
    }

    /** Runs {@code task} for indices 0..count-1, spread over the pool; returns when all are done. */
    public void run(int count, Task task) {
        if (threads == 1 || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        synchronized (regionLock) {
            Region r = new Region(task, count, ++generation);
            synchronized (signal) {
                current = r;
                signal.notifyAll();
            }
            drain(r);
            long end = System.nanoTime() + SPIN_NANOS;
            while (r.done.get() < count && System.nanoTime() < end) {
                continue;
            }
            synchronized (signal) {
                while (r.done.get() < count) {
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                current = null;
            }
            Throwable f = r.failure;
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
        }
    }

    private void drain(Region r) {
        for (int i = r.next.getAndIncrement(); i < r.count; i = r.next.getAndIncrement()) {
            try {
                r.task.run(i);
            } catch (RuntimeException | Error e) {
                r.failure = e;
            }
            if (r.done.incrementAndGet() == r.count) {
                synchronized (signal) {
                    signal.notifyAll();
                }
            }
        }
    }

    private void work() {
        long seen = 0;
        while (true) {
            Region r = next(seen);
            if (r == null) {
                return;
            }
            seen = r.generation;
            drain(r);
        }
    }

    /** The first region after generation {@code seen}: polled for a while, then waited for; null when interrupted. */
    private Region next(long seen) {
        for (long end = System.nanoTime() + SPIN_NANOS; System.nanoTime() < end; ) {
            Region r = current;
            if (r != null && r.generation != seen) {
                return r;
            }
        }
        synchronized (signal) {
            while (current == null || current.generation == seen) {
                try {
                    signal.wait();
                } catch (InterruptedException e) {
                    return null;
                }
            }
            return current;
        }
    }
}
