package dev.ondeck.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Extra warm-up until HotSpot's JIT compiler goes quiet, so that timed runs measure compiled code and do not share
 * the cores with compiler threads. A Vector API kernel takes C2 long to compile: after 50 warm-up runs of ResNet18
 * the compiler still spent most of a second in each of the next two batches of 50 runs, which on two cores slows a
 * two-thread run and leaves a mix of interpreted, C1 and C2 code in the timed runs.
 *
 * <p>Warm-up continues in batches until {@link #QUIET_BATCHES} batches in a row had the compiler busy for at most
 * {@link #QUIET_SHARE} of their wall time (compiles come in bursts, as code paths get hot one after another), for at
 * most {@link #MAX_NANOS}. Where the JVM does not report compilation time, nothing is added.
 */
final class JitSettle {
    /** A batch during which the compilers were busy for less than this share of its wall time counts as quiet. */
    static final double QUIET_SHARE = 0.02;
    /** Quiet batches in a row that end the warm-up. */
    static final int QUIET_BATCHES = 3;
    /** The most extra warm-up time. */
    static final long MAX_NANOS = 30_000_000_000L;
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private JitSettle() {
    }

    /** Milliseconds the JIT compilers have spent so far, or -1 where the JVM does not say. */
    static long compileMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
    }

    /**
     * Runs {@code oneRun} in batches of {@code batch} until {@link #QUIET_BATCHES} batches in a row pass with the
     * compilers quiet (or {@link #MAX_NANOS} have passed); returns how many extra runs it made.
     */
    static int warmUp(Runnable oneRun, int batch) {
        if (compileMillis() < 0) {
            return 0;
        }
        long start = System.nanoTime();
        int extra = 0;
        int quiet = 0;
        while (quiet < QUIET_BATCHES && System.nanoTime() - start < MAX_NANOS) {
            long jit0 = compileMillis();
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                oneRun.run();
            }
            extra += batch;
            double wallMillis = (System.nanoTime() - t0) / 1e6;
            quiet = compileMillis() - jit0 <= QUIET_SHARE * wallMillis ? quiet + 1 : 0;
        }
        return extra;
    }
}
