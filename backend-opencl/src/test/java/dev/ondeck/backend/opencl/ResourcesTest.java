package dev.ondeck.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The allocator reuses freed buffers by size; the program cache builds each (source, options) once. */
class ResourcesTest {
    private static ClContext ctx;

    @BeforeAll
    static void context() {
        OpenClPresent.require();
        ctx = ClContext.get();
    }

    @Test
    void aFreedBufferServesTheNextRequestOfItsSize() {
        ClAllocator a = ctx.allocator;
        MemorySegment first = a.allocate(12_345);
        long created = a.created();
        long reused = a.reused();
        a.free(first, 12_345);
        MemorySegment second = a.allocate(12_345);
        assertEquals(first.address(), second.address());
        assertEquals(created, a.created());
        assertEquals(reused + 1, a.reused());
        MemorySegment other = a.allocate(12_346);
        assertEquals(created + 1, a.created());
        assertFalse(other.address() == second.address());
        a.free(second, 12_345);
        a.free(other, 12_346);
    }

    @Test
    void programsAreBuiltOncePerSourceAndOptions() {
        ClPrograms p = ctx.programs;
        p.kernel("pool.cl", "", "global_pool");
        int builds = p.builds();
        p.kernel("pool.cl", "", "global_pool");
        p.kernel("pool.cl", "", "pool");
        assertEquals(builds, p.builds(), "same source and options: no new build");
        p.kernel("pool.cl", "-DCACHE_TEST_ONLY=" + System.nanoTime(), "pool");
        assertEquals(builds + 1, p.builds(), "other options: one new build");
    }

    @Test
    void theSelectedDeviceIsDescribed() {
        String d = ctx.device.describe();
        assertTrue(d.contains(ctx.device.platform()) && d.contains("compute units") && d.contains("GiB"), d);
        assertTrue(ctx.devices.contains(ctx.device));
    }
}
