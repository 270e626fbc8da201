package dev.ondeck.cli;

import dev.ondeck.adb.RemoteProfile;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.plan.MemoryPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ondeck bench MODEL}: whole-model latency (median, p90, min of K timed runs after W warm-ups), with
 * {@code --vs-ort} against ONNX Runtime Java on the same inputs, run by run alternately.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time whole-model runs: median, p90 and min in ms after warm-up; --vs-ort alternates run by run with "
                + "ONNX Runtime Java (all graph optimisations, same intra-op threads, warm-up and runs). Symbolic input dims "
                + "are fixed to the inputs' sizes, so activations use the planned arena.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file, or a folder holding model.onnx.")
    Path modelPath;

    @Mixin
    InputOptions inputs;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend (default: ${DEFAULT-VALUE}).")
    String backend = Backends.defaultName();

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads, ours and ONNX Runtime's (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up runs (default: ${DEFAULT-VALUE}).")
    int warmup = 10;

    @Option(names = "--runs", paramLabel = "K", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs = 50;

    @Option(names = "--settle", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After the W warm-up runs, keep warming up (ours and ONNX Runtime alike) until HotSpot's JIT "
                    + "compiler goes quiet, so timed runs measure compiled code (default: on; --no-settle: exactly W).")
    boolean settle = true;

    @Option(names = "--vs-ort", description = "Also time ONNX Runtime Java, alternating run by run (needs the build's "
            + "benchmarks/target/ort; see README).")
    boolean vsOrt;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON.")
    Path json;

    @Option(names = "--device", paramLabel = "SERIAL",
            description = "Bench on this Android device through the adb bridge (timed by the agent's profiler).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmup < 0 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "need --runs >= 1, --warmup >= 0 and --threads >= 1, got --runs "
                    + runs + ", --warmup " + warmup + ", --threads " + threads);
        }
        if (vsOrt && device != null) {
            throw new ParameterException(spec.commandLine(), "--vs-ort runs ONNX Runtime on this machine; it cannot be combined with --device");
        }
        Path file = Files.isDirectory(modelPath) && Files.exists(modelPath.resolve("model.onnx")) ? modelPath.resolve("model.onnx") : modelPath;
        PrintWriter out = spec.commandLine().getOut();
        BenchResult result;
        try (Model model = Ondeck.loadModel(file)) {
            Map<String, Tensor> feeds = inputs.resolve(model, spec.commandLine());
            out.println("inputs: " + inputs.describe(model));
            result = device != null ? onDevice(file, feeds, out) : here(model, file, feeds);
        }
        result.machine = MachineInfo.describe();
        out.print(result.text());
        if (json != null) {
            ProfileCommand.write(json, result.json());
            out.println("bench JSON: " + json);
        }
        return 0;
    }

    private BenchResult here(Model model, Path file, Map<String, Tensor> feeds) throws Exception {
        SessionOptions.Builder options = SessionOptions.builder().backend(backend).threads(threads);
        fixSymbolicDims(model, feeds, options);
        BenchResult r = new BenchResult(file.toString(), backend, threads, warmup);
        try (Session session = model.newSession(options.build())) {
            MemoryPlan mem = session.plan().memory();
            r.peakActivationBytes = mem.peakLiveBytes();
            r.arenaBytes = mem.arenaBytes();
            r.arenaBuffers = mem.bufferCount();
            if (!vsOrt) {
                Runnable one = () -> session.run(feeds).close();
                warmUp(r, one);
                long jit = JitSettle.compileMillis();
                r.ours = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    session.run(feeds).close();
                    r.ours[i] = System.nanoTime() - t0;
                }
                r.jitMillisDuringRuns = jit < 0 ? -1 : JitSettle.compileMillis() - jit;
                return r;
            }
            try (OrtBaseline ort = OrtBaseline.open(file, threads)) {
                r.ortVersion = ort.version();
                Runnable pair = () -> {
                    session.run(feeds).close();
                    ort.run(feeds);
                };
                warmUp(r, pair);
                long jit = JitSettle.compileMillis();
                r.ours = new long[runs];
                r.ort = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    session.run(feeds).close();
                    long t1 = System.nanoTime();
                    ort.run(feeds);
                    r.ours[i] = t1 - t0;
                    r.ort[i] = System.nanoTime() - t1;
                }
                r.jitMillisDuringRuns = jit < 0 ? -1 : JitSettle.compileMillis() - jit;
            }
        }
        return r;
    }

    /** Gives each symbolic input dim the size the inputs have, so that shapes are static at prepare time. */
    /** The W warm-up runs, then (with --settle) more until the JIT compiler is quiet; counts them in {@code r}. */
    private void warmUp(BenchResult r, Runnable one) {
        for (int i = 0; i < warmup; i++) {
            one.run();
        }
        r.settleRuns = settle ? JitSettle.warmUp(one, Math.max(10, Math.min(warmup, runs) / 5)) : 0;
    }

    static void fixSymbolicDims(Model model, Map<String, Tensor> feeds, SessionOptions.Builder options) {
        for (ValueInfo v : model.inputs()) {
            Tensor t = feeds.get(v.name());
            String[] names = v.type() == null ? null : v.type().dimNames();
            if (t == null || names == null || names.length != t.rank()) {
                continue;
            }
            int[] declared = v.type().shape();
            for (int i = 0; i < names.length; i++) {
                if (names[i] != null && declared[i] < 0) {
                    options.fixDimension(names[i], t.dim(i));
                }
            }
        }
    }

    private static final Pattern RUN_MS = Pattern.compile("\"run_ms\": \\{\"median\": ([0-9.eE+-]+), \"p90\": ([0-9.eE+-]+), \"min\": ([0-9.eE+-]+)\\}");
    private static final Pattern PEAK = Pattern.compile("\"peak_activation_bytes\": (\\d+)");

    private BenchResult onDevice(Path file, Map<String, Tensor> feeds, PrintWriter out) {
        RemoteProfile p = RemoteRun.profile(device, file, feeds, RemoteRun.backend(spec, backend), warmup, runs, out);
        Matcher m = RUN_MS.matcher(p.toJson());
        if (!m.find()) {
            throw new IllegalStateException("the device's profile has no run_ms: " + p.toJson());
        }
        BenchResult r = new BenchResult(file.toString(), backendOnDevice(p.toJson()), 0, warmup);
        r.device = p.serial();
        r.deviceMs = new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
        r.deviceRuns = runs;
        Matcher peak = PEAK.matcher(p.toJson());
        r.peakActivationBytes = peak.find() ? Long.parseLong(peak.group(1)) : -1;
        return r;
    }

    private static String backendOnDevice(String profileJson) {
        Matcher m = Pattern.compile("\"backend\": \"([^\"]*)\"").matcher(profileJson);
        return m.find() ? m.group(1) : "unknown";
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
