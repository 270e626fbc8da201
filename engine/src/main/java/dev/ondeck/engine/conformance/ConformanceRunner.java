package dev.ondeck.engine.conformance;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.ProgressListener;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.onnx.OnnxDecoder;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.onnx.TensorCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs folders laid out as ONNX backend tests ({@code model.onnx} + {@code test_data_set_N/input_K.pb},
 * {@code output_K.pb}) and compares outputs. Each case runs with a time limit and is cancelled when over.
 */
public final class ConformanceRunner {
    private final String backend;
    private final Tolerance tolerance;
    private final long timeoutSeconds;

    public ConformanceRunner(String backend, Tolerance tolerance, long timeoutSeconds) {
        this.backend = backend;
        this.tolerance = tolerance;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The case folders under each path: a path holding {@code model.onnx} is one case, otherwise each such
     * child folder is. Sorted by name within each path; {@code keep} (may be null) filters by case name.
     */
    public static List<Path> findCases(List<Path> roots, Collection<String> keep) throws IOException {
        List<Path> cases = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new IOException("not a folder: " + root);
            }
            if (Files.exists(root.resolve("model.onnx"))) {
                cases.add(root);
                continue;
            }
            try (Stream<Path> s = Files.list(root)) {
                cases.addAll(s.filter(p -> Files.exists(p.resolve("model.onnx"))).sorted().collect(Collectors.toList()));
            }
        }
        if (keep != null) {
            cases.removeIf(p -> !keep.contains(p.getFileName().toString()));
        }
        return cases;
    }

    /** Runs every case, reporting each result to {@code onResult} as it completes. */
    public List<CaseResult> runAll(List<Path> cases, Consumer<CaseResult> onResult) {
        return runAll(cases, onResult, ProgressListener.NONE);
    }

    /**
     * Runs every case, reporting each result to {@code onResult} and then the count of finished cases to
     * {@code progress} (the task is the case's name).
     */
    public List<CaseResult> runAll(List<Path> cases, Consumer<CaseResult> onResult, ProgressListener progress) {
        List<CaseResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conformance-case");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Path c : cases) {
                CaseResult r = runWithTimeout(pool, c);
                if (r.status() == CaseResult.Status.FAILED && r.detail().startsWith("timed out")) {
                    pool.shutdownNow();
                    pool = Executors.newSingleThreadExecutor();
                }
                results.add(r);
                onResult.accept(r);
                progress.progress(r.name(), results.size(), cases.size());
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private CaseResult runWithTimeout(ExecutorService pool, Path dir) {
        long start = System.nanoTime();
        String name = dir.getFileName().toString();
        Future<CaseResult> f = pool.submit(() -> runCase(dir));
        try {
            return f.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new CaseResult(name, CaseResult.Status.FAILED, "timed out after " + timeoutSeconds + " s",
                    Double.NaN, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CaseResult(name, CaseResult.Status.FAILED, "interrupted", Double.NaN, 0);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return new CaseResult(name, CaseResult.Status.FAILED, c.getClass().getSimpleName() + ": " + c.getMessage(),
                    Double.NaN, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Runs one case folder in the calling thread. */
    public CaseResult runCase(Path dir) {
        long start = System.nanoTime();
        String name = dir.getFileName().toString();
        try {
            List<Path> sets;
            try (Stream<Path> s = Files.list(dir)) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_") && Files.isDirectory(p))
                        .sorted().collect(Collectors.toList());
            }
            if (sets.isEmpty()) {
                return new CaseResult(name, CaseResult.Status.SKIPPED, "no test_data_set_* folder", Double.NaN, 0);
            }
            double[] maxErr = {0};
            try (Model model = Model.load(dir.resolve("model.onnx")); Session session = model.newSession(backend)) {
                for (Path set : sets) {
                    String failure = runSet(model, session, set, maxErr);
                    if (failure != null) {
                        return new CaseResult(name, CaseResult.Status.FAILED, set.getFileName() + ": " + failure,
                                maxErr[0], elapsed(start));
                    }
                }
            }
            return new CaseResult(name, CaseResult.Status.PASSED,
                    String.format(java.util.Locale.ROOT, "max abs error %.3g", maxErr[0]), maxErr[0], elapsed(start));
        } catch (Exception | StackOverflowError e) {
            return new CaseResult(name, CaseResult.Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    Double.NaN, elapsed(start));
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private String runSet(Model model, Session session, Path set, double[] maxErr) throws IOException {
        List<Path> inputFiles = numbered(set, "input_");
        List<Tensor> expected = new ArrayList<>();
        for (Path p : numbered(set, "output_")) {
            expected.add(readTensor(p));
        }
        List<ValueInfo> declared = model.inputs();
        Map<String, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < inputFiles.size(); i++) {
            Path p = inputFiles.get(i);
            OnnxProto.TensorData proto = readProto(p);
            String nameInFile = proto.name;
            String key = !nameInFile.isEmpty() && declared.stream().anyMatch(v -> v.name().equals(nameInFile))
                    ? nameInFile : (i < declared.size() ? declared.get(i).name() : nameInFile);
            feeds.put(key, TensorCodec.decode(proto, null, p.toString()));
        }
        Result r = session.run(feeds);
        if (r.size() != expected.size()) {
            return "model has " + r.size() + " outputs, test data has " + expected.size();
        }
        for (int i = 0; i < expected.size(); i++) {
            String diff = tolerance.compare(expected.get(i), r.get(i), maxErr);
            if (diff != null) {
                return "output " + i + " '" + r.names().get(i) + "': " + diff;
            }
        }
        return null;
    }

    private static List<Path> numbered(Path set, String prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = set.resolve(prefix + i + ".pb");
            if (!Files.exists(p)) {
                return files;
            }
            files.add(p);
        }
    }

    /** Reads one serialized TensorProto file, such as a test set's {@code input_0.pb}. */
    public static Tensor readTensor(Path pb) throws IOException {
        return TensorCodec.decode(readProto(pb), null, pb.toString());
    }

    private static OnnxProto.TensorData readProto(Path pb) throws IOException {
        return OnnxDecoder.decodeTensor(Files.readAllBytes(pb), pb.toString());
    }

    /**
     * Command-line entry for development: {@code ConformanceRunner [--backend B] [--tolerance node|model]
     * [--list FILE] DIR...}; prints a line per case and {@code N passed, N failed, N skipped}.
     */
    public static void main(String[] args) throws IOException {
        String backend = "cpu-ref";
        Tolerance tol = Tolerance.NODE;
        List<String> keep = null;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend": backend = args[++i]; break;
                case "--tolerance": tol = Tolerance.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT)); break;
                case "--list": keep = Files.readAllLines(java.nio.file.Paths.get(args[++i])).stream().map(String::trim)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toList()); break;
                default: dirs.add(java.nio.file.Paths.get(args[i]));
            }
        }
        List<CaseResult> results = new ConformanceRunner(backend, tol, 60).runAll(findCases(dirs, keep), System.out::println);
        long passed = results.stream().filter(r -> r.status() == CaseResult.Status.PASSED).count();
        long failed = results.stream().filter(r -> r.status() == CaseResult.Status.FAILED).count();
        System.out.println(passed + " passed, " + failed + " failed, " + (results.size() - passed - failed) + " skipped");
    }
}
