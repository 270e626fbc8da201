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
 * the chip's datasheet peak), bandwidth is a streaming sum over an array much larger than the caches. Each is the
 * best of a few repetitions. The {@link Machine}'s source says which threads and sizes were used.
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
            float[][] arrays = new float[threads][bytesPerThread / 4];
            for (float[] a : arrays) {
                java.util.Arrays.fill(a, 1f);
            }
            double peak = 0;
            double bw = 0;
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                run(pool, threads, t -> multiplyAddSweeps(sweeps, t));
                peak = Math.max(peak, 16.0 * PEAK_ARRAY * sweeps * threads / (System.nanoTime() - t0));
                t0 = System.nanoTime();
                run(pool, threads, t -> streamSum(arrays[t]));
                bw = Math.max(bw, (double) bytesPerThread * threads / (System.nanoTime() - t0));
            }
            return new Machine(peak, bw, String.format(Locale.ROOT, "measured: vectorised multiply-add, streaming read, %d thread%s",
                    threads, threads == 1 ? "" : "s"));
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

    static float streamSum(float[] a) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i];
        }
        return s0 + s1 + s2 + s3;
    }
}
