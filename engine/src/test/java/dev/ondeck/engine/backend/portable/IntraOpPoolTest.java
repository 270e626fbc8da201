package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
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
}
