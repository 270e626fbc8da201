package dev.ondeck.visualizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the roofs of a roofline on this JVM, honestly and quickly: peak is a multiply-add loop over a
 * cache-resident float array that the JIT vectorises (what Java code can reach here, which may be below
 * the chip's datasheet peak), bandwidth is a streaming sum over an array much larger than the caches, and
 * the cache bandwidth the same sum repeated over a 128 KiB array. Each is the best of a few repetitions. The {@link Machine}'s source says which threads and sizes were used.
 */
public final class MachineProbe {
    private MachineProbe() {
    }

    /** Probes with {@code threads} threads, 64 MiB per bandwidth array. */
    public static Machine measure(int threads) {
        return measure(threads, 64 << 20, 20_000);
    }

    /**
     * @param bytesPerThread size of each thread's bandwidth array
     * @param sweeps         passes of the peak loop over its array per thread
     */
    public static Machine measure(int threads, int bytesPerThread, int sweeps) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int[][] arrays = new int[threads][bytesPerThread / 4];
            for (int[] a : arrays) {
                java.util.Arrays.fill(a, 1);
            }
            int[][] cached = new int[threads][CACHE_ARRAY];
            for (int[] a : cached) {
                java.util.Arrays.fill(a, 1);
            }
            int cacheSweeps = Math.max(1, bytesPerThread / (4 * CACHE_ARRAY));
            double peak = 0;
            double bw = 0;
            double cacheBw = 0;
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                run(pool, threads, t -> multiplyAddSweeps(sweeps, t));
                peak = Math.max(peak, 16.0 * PEAK_ARRAY * sweeps * threads / (System.nanoTime() - t0));
                t0 = System.nanoTime();
                run(pool, threads, t -> streamSum(arrays[t]));
                bw = Math.max(bw, (double) bytesPerThread * threads / (System.nanoTime() - t0));
                t0 = System.nanoTime();
                run(pool, threads, t -> {
                    float acc = 0;
                    for (int r = 0; r < cacheSweeps; r++) {
                        acc += streamSum(cached[t]);
                    }
                    return acc;
                });
                cacheBw = Math.max(cacheBw, 4.0 * CACHE_ARRAY * cacheSweeps * threads / (System.nanoTime() - t0));
            }
            return new Machine(peak, bw, cacheBw, String.format(Locale.ROOT,
                    "measured: vector mul-add loop, sums over %d MiB and 128 KiB, %d thread%s",
                    bytesPerThread >> 20, threads, threads == 1 ? "" : "s"));
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Work {
        float run(int thread);
    }

    private static void run(ExecutorService pool, int threads, Work work) {
        List<Future<Float>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Callable<Float> c = () -> work.run(id);
            done.add(pool.submit(c));
        }
        float sink = 0;
        try {
            for (Future<Float> f : done) {
                sink += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("machine probe interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("machine probe failed", e.getCause());
        }
        if (sink == 42.4242f) {
            System.out.print("");
        }
    }

    /** Elements of the cache-resident array of the cache-bandwidth read (128 KiB: within L2 on current CPUs). */
    static final int CACHE_ARRAY = 32 * 1024;

    /** Elements of the cache-resident array the peak loop sweeps. */
    static final int PEAK_ARRAY = 1024;

    /**
     * {@code sweeps} passes over a 4 KiB array, 8 dependent multiply-adds (16 FLOPs) per element: independent
     * across elements, so C2 vectorises it and the out-of-order core overlaps the chains.
     */
    static float multiplyAddSweeps(int sweeps, int seed) {
        float[] a = new float[PEAK_ARRAY];
        java.util.Arrays.fill(a, 1f + seed);
        float m = 0.999999f;
        float c = 1e-7f;
        for (int r = 0; r < sweeps; r++) {
            for (int i = 0; i < a.length; i++) {
                float v = a[i];
                v = v * m + c;
                v = v * m + c;
                v = v * m + c;
                v = v * m + c;
                v = v * m + c;
                v = v * m + c;
                v = v * m + c;
                v = v * m + c;
                a[i] = v;
            }
        }
        return a[seed % a.length];
    }

    /** Sums ints: an integer reduction the JIT vectorises, so the loop is bound by the reads, not by adds. */
    static float streamSum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }
}
