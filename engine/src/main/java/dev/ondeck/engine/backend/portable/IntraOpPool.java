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
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Region(Task task, int count) {
            this.task = task;
            this.count = count;
        }
    }

    private static final Map<Integer, IntraOpPool> POOLS = new HashMap<>();
    private static final IntraOpPool SERIAL = new IntraOpPool(1);
    private final int threads;
    private final Object regionLock = new Object();
    private final Object signal = new Object();
    private Region current;
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
            Region r = new Region(task, count);
            synchronized (signal) {
                current = r;
                generation++;
                signal.notifyAll();
            }
            drain(r);
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
            Region r;
            synchronized (signal) {
                while (generation == seen || current == null) {
                    seen = current == null ? generation : seen;
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                seen = generation;
                r = current;
            }
            drain(r);
        }
    }
}
