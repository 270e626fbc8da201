package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IntraOpPoolTest {
    @Test
    void runsEveryIndexOnceAcrossManyRegions() {
        IntraOpPool pool = IntraOpPool.of(3);
        assertSame(pool, IntraOpPool.of(3));
        assertEquals(3, pool.threads());
        for (int region = 0; region < 200; region++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(17);
            pool.run(17, hits::incrementAndGet);
            for (int i = 0; i < 17; i++) {
                assertEquals(1, hits.get(i), "index " + i + " of region " + region);
            }
        }
    }

    @Test
    void aTaskFailureReachesTheCaller() {
        IntraOpPool pool = IntraOpPool.of(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(8, i -> {
            if (i == 5) {
                throw new IllegalStateException("task 5");
            }
        }));
        assertEquals("task 5", e.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(4);
        pool.run(4, hits::incrementAndGet);
        assertEquals(1, hits.get(3), "the pool still works after a failure");
    }

    @Test
    void zeroOrOneThreadRunsOnTheCaller() {
        assertEquals(1, IntraOpPool.of(0).threads());
        Thread caller = Thread.currentThread();
        IntraOpPool.of(1).run(3, i -> assertSame(caller, Thread.currentThread()));
    }

    @Test
    void parkedWorkersWakeForTheNextRegion() throws InterruptedException {
        IntraOpPool pool = IntraOpPool.of(2);
        for (int round = 0; round < 5; round++) {
            Thread.sleep(IntraOpPool.SPIN_NANOS / 1_000_000 + 3);
            AtomicIntegerArray hits = new AtomicIntegerArray(9);
            pool.run(9, hits::incrementAndGet);
            for (int i = 0; i < 9; i++) {
                assertEquals(1, hits.get(i), "index " + i + " after the workers parked");
            }
        }
    }

    @Test
    void concurrentCallersTakeTurns() throws InterruptedException {
        IntraOpPool pool = IntraOpPool.of(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] callers = new Thread[3];
        for (int c = 0; c < callers.length; c++) {
            callers[c] = new Thread(() -> {
                try {
                    for (int region = 0; region < 300; region++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(5);
                        pool.run(5, hits::incrementAndGet);
                        for (int i = 0; i < 5; i++) {
                            assertEquals(1, hits.get(i), "index " + i);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        assertEquals(null, failure.get());
    }

    @Test
    void smallWorkStaysOnTheCallerAndSplitsAreAlignedAndCoverAll() {
        IntraOpPool pool = IntraOpPool.of(2);
        assertEquals(1, pool.tasks(99, 50), "less than two tasks' worth");
        assertEquals(2, pool.tasks(100, 50));
        assertEquals(IntraOpPool.TASKS_PER_THREAD * 2, pool.tasks(1_000_000, 50), "at most so many per thread");
        assertEquals(1, IntraOpPool.of(1).tasks(1_000_000, 50));
        int tasks = 7;
        int n = 1000;
        assertEquals(0, IntraOpPool.bound(0, tasks, n, 16));
        assertEquals(n, IntraOpPool.bound(tasks, tasks, n, 16));
        for (int i = 1; i < tasks; i++) {
            int at = IntraOpPool.bound(i, tasks, n, 16);
            assertEquals(0, at % 16, "start of task " + i);
            assertTrue(at > IntraOpPool.bound(i - 1, tasks, n, 16), "task " + i + " is not empty");
        }
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        pool.forRange(n, 100, 16, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "element " + i);
        }
    }
}
