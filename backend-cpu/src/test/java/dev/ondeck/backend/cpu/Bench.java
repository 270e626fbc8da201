package dev.ondeck.backend.cpu;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.RandomInputs;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Whole-model timing until {@code ondeck bench} exists: for each model folder (holding model.onnx) and each
 * backend, W warm-up runs then K timed runs on random inputs (seed 42); prints median, p90 and min in ms.
 * Run from the repository root after {@code ./mvnw -o -pl engine,backend-cpu -am -DskipTests test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:backend-cpu/target/classes:backend-cpu/target/test-classes \
 *   dev.ondeck.backend.cpu.Bench --backends cpu,cpu-portable,cpu-ref --threads 1 --warmup 20 --runs 30 ../shared/models/perf/resnet18
 * </pre>
 * {@code --ref-runs N} caps warm-up and runs of cpu-ref, which is slow. {@code --vs-ort} also times ONNX
 * Runtime Java (all graph optimisations, the same intra-op threads) on the same inputs, alternating run by
 * run with the first backend, and prints the ratio of the medians; ONNX Runtime must then be on the class
 * path (backend-cpu's test scope: {@code ./mvnw -o -pl backend-cpu dependency:build-classpath -Dmdep.includeScope=test}).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> backends = Arrays.asList("cpu", "cpu-portable", "cpu-ref");
        int threads = 1;
        int warmup = 20;
        int runs = 30;
        int refRuns = 5;
        List<Path> models = new ArrayList<>();
        boolean vsOrt = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backends": backends = Arrays.asList(args[++i].split(",")); break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--ref-runs": refRuns = Integer.parseInt(args[++i]); break;
                case "--vs-ort": vsOrt = true; break;
                case "--species": System.out.println(VectorSgemm.S); return;
                default: models.add(Paths.get(args[i]));
            }
        }
        System.out.printf("%-28s %-13s %7s %10s %10s %10s%n", "model", "backend", "threads", "median ms", "p90 ms", "min ms");
        for (Path dir : models) {
            try (Model m = Model.load(dir.resolve("model.onnx"))) {
                Map<String, Tensor> in = RandomInputs.of(m);
                if (vsOrt) {
                    long[][] t = OrtBaseline.alternate(dir.resolve("model.onnx"), m, in, backends.get(0), threads, warmup, runs);
                    print(dir, backends.get(0), threads, t[0]);
                    print(dir, "onnxruntime", threads, t[1]);
                    System.out.printf("%-28s ratio of medians %s / onnxruntime: %.2f%n", dir.getFileName(), backends.get(0),
                            (double) t[0][t[0].length / 2] / t[1][t[1].length / 2]);
                    continue;
                }
                for (String b : backends) {
                    boolean ref = b.equals("cpu-ref");
                    long[] t = time(m, in, b, threads, ref ? Math.min(refRuns, warmup) : warmup, ref ? Math.min(refRuns, runs) : runs);
                    print(dir, b, threads, t);
                }
            }
        }
    }

    static void print(Path dir, String backend, int threads, long[] t) {
        System.out.printf("%-28s %-13s %7d %10.3f %10.3f %10.3f%n", dir.getFileName(), backend, threads,
                t[t.length / 2] / 1e6, t[(int) Math.min(t.length - 1, Math.ceil(0.9 * t.length) - 1)] / 1e6, t[0] / 1e6);
    }

    /** Sorted run times in nanoseconds. */
    static long[] time(Model m, Map<String, Tensor> in, String backend, int threads, int warmup, int runs) {
        try (Session s = m.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
            for (int i = 0; i < warmup; i++) {
                s.run(in).close();
            }
            long[] t = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Result r = s.run(in);
                t[i] = System.nanoTime() - t0;
                r.close();
            }
            Arrays.sort(t);
            return t;
        }
    }
}
