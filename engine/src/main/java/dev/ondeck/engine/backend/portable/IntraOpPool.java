package dev.ondeck.engine.backend.portable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of intra-op worker threads, one pool per thread count, shared by every session that asks for
 * that count. {@link #run} hands the indices of a task range out to the workers and to the calling thread,
 * which takes its share too; regions do not nest, and concurrent callers take turns.
 *
 * <p>Hand-off: a model run is a chain of parallel regions, most of them less than 100 us apart, and waking a
 * parked thread costs 5-20 us on an idle machine (far more on a busy one), so an idle worker polls for the next
 * region for {@link #SPIN_NANOS} before it parks, and the caller, having done its share, polls as long for
 * stragglers; the caller unparks only workers that did park. Indices are claimed one at a time from one
 * counter, so a worker that starts late or is descheduled leaves its share to the others. Callers split work
 * so that a region pays ({@link #tasks}): a region shorter than the hand-off is better run on the caller alone.
 */
public final class IntraOpPool {
    /** One unit of parallel work. */
    public interface Task {
        void run(int index);
    }

    /**
     * How long an idle worker, or a caller waiting for its region, polls before it parks. Longer would save
     * wake-ups on an idle machine, but on a busy one a polling thread spends its share of the processor and
     * the scheduler then runs it later (measured here, 13 runnable threads on 2 cores: a worker polling 50 or
     * 100 us ran 41-58% of the tasks, one polling 500 us 17-33%, one that also yielded 0-2%).
     */
    static final long SPIN_NANOS = 100_000;
    /** Most tasks per thread a split asks for: enough to even out unequal tasks and late threads. */
    static final int TASKS_PER_THREAD = 4;
    /**
     * The least elements an elementwise-like task (a few operations per element) gets: fewer take less time
     * (about 10 us) than waking and joining another thread is worth.
     */
    public static final int MIN_TASK_ELEMENTS = 32768;
    /** {@code Thread.onSpinWait} where the runtime has it (Android's API 26 does not), else a method that does nothing. */
    private static final MethodHandle SPIN_WAIT = spinWait();
    private static final Map<Integer, IntraOpPool> POOLS = new HashMap<>();
    private static final IntraOpPool SERIAL = new IntraOpPool(1);

    /** A worker thread and whether it is parked (then the next region unparks it). */
    private static final class Worker {
        Thread thread;
        volatile boolean parked;
    }

    private final int threads;
    private final Worker[] workers;
    private final Object turn = new Object();
    /** The current region's number in the high 32 bits, its next unclaimed index in the low 32 bits. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    /** The current region's task and size: written before {@link #claim} publishes the region's number. */
    private Task task;
    private int count;
    private int region;
    private volatile Throwable failure;
    /** The caller, while it is parked waiting for the region's last tasks. */
    private volatile Thread waiter;

    private IntraOpPool(int threads) {
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int t = 1; t < threads; t++) {
            Worker w = new Worker();
            w.thread = new Thread(() -> work(w), "ondeck-intra-op-" + threads + "-" + t);
            w.thread.setDaemon(true);
            workers[t - 1] = w;
            w.thread.start();
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

    /**
     * How many tasks {@code work} units should be split into so that each task has at least
     * {@code minPerTask} units: 1 (run on the caller) for a single thread or less than two tasks' worth, else at
     * most {@link #TASKS_PER_THREAD} per thread.
     */
    public int tasks(long work, long minPerTask) {
        if (threads == 1 || work < 2 * minPerTask) {
            return 1;
        }
        return (int) Math.min((long) TASKS_PER_THREAD * threads, work / Math.max(1, minPerTask));
    }

    /**
     * Where task {@code i} of {@code tasks} starts in {@code [0, n)}: even shares, each start a multiple of
     * {@code align} (so that tasks writing neighbouring outputs do not share cache lines), the end of the last n.
     */
    public static int bound(int i, int tasks, int n, int align) {
        if (i >= tasks) {
            return n;
        }
        long at = (long) n * i / tasks;
        return (int) (at / align * align);
    }

    /** A range of work units {@code [from, to)}. */
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, units)} in {@link #tasks}{@code (units, minUnits)} ranges whose starts are
     * multiples of {@code align}; a single range, on the caller, when the work is too small to share.
     */
    public void forRange(int units, long minUnits, int align, Range body) {
        int tasks = tasks(units, minUnits);
        if (tasks == 1) {
            body.run(0, units);
            return;
        }
        run(tasks, i -> body.run(bound(i, tasks, units, align), bound(i + 1, tasks, units, align)));
    }

    /** Runs {@code task} for indices 0..count-1, spread over the pool; returns when all are done. */
    public void run(int count, Task task) {
        if (threads == 1 || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        synchronized (turn) {
            this.task = task;
            this.count = count;
            failure = null;
            done.set(0);
            int id = ++region;
            claim.set((long) id << 32);
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w.thread);
                }
            }
            drain(id, task, count);
            awaitDone(count);
            this.task = null;
            Throwable f = failure;
            failure = null;
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
        }
    }

    /** Claims and runs indices of region {@code id} until none is left (or the region is over). */
    private void drain(int id, Task t, int n) {
        while (true) {
            long c = claim.get();
            int i = (int) c;
            if ((int) (c >>> 32) != id || i >= n) {
                return;
            }
            if (!claim.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                t.run(i);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (done.incrementAndGet() == n) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    private void awaitDone(int n) {
        long start = System.nanoTime();
        boolean interrupted = false;
        for (int spins = 1; done.get() < n; spins++) {
            if (poll(start, spins)) {
                continue;
            }
            waiter = Thread.currentThread();
            if (done.get() < n) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            waiter = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(Worker self) {
        int seen = 0;
        while (true) {
            int id = awaitRegion(self, seen);
            Task t = task;
            int n = count;
            if (t != null) {
                drain(id, t, n);
            }
            seen = id;
        }
    }

    /** The number of the first region after {@code seen}: polled for a while, then parked for. */
    private int awaitRegion(Worker self, int seen) {
        long start = System.nanoTime();
        for (int spins = 1; ; spins++) {
            int id = (int) (claim.get() >>> 32);
            if (id != seen) {
                return id;
            }
            if (poll(start, spins)) {
                continue;
            }
            self.parked = true;
            if ((int) (claim.get() >>> 32) == seen) {
                LockSupport.park(this);
                Thread.interrupted();
            }
            self.parked = false;
            start = System.nanoTime();
        }
    }

    /** One step of polling begun at {@code start}: a processor pause; false once {@link #SPIN_NANOS} have passed. */
    private static boolean poll(long start, int spins) {
        if ((spins & 63) == 0 && System.nanoTime() - start >= SPIN_NANOS) {
            return false;
        }
        pause();
        return true;
    }

    private static MethodHandle spinWait() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodType type = MethodType.methodType(void.class);
        try {
            return lookup.findStatic(Thread.class, "onSpinWait", type);
        } catch (ReflectiveOperationException e) {
            try {
                return lookup.findStatic(IntraOpPool.class, "noSpinWait", type);
            } catch (ReflectiveOperationException f) {
                throw new IllegalStateException(f);
            }
        }
    }

    private static void noSpinWait() {
    }

    /** One step of a polling loop: tells the processor this thread is spinning (x86 PAUSE, ARM YIELD). */
    private static void pause() {
        try {
            SPIN_WAIT.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
