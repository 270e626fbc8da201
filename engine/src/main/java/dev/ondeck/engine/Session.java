package dev.ondeck.engine;

import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.debug.Debugger;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.engine.profile.Profiler;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.plan.PlanOptions;
import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model prepared on one backend. Validates inputs (names, dtypes, shapes) and runs the plan. A session is
 * not thread-safe: use one per thread. The local {@link InferenceSession}: a remote one on a phone offers
 * the same calls.
 */
public final class Session implements InferenceSession {
    private final Model model;
    private final SessionOptions options;
    private final ExecutionPlan plan;

    Session(Model model, SessionOptions options) {
        this.model = model;
        this.options = options;
        checkFixedDimNames(model, options);
        Backend backend = (options.backendInstance() != null ? options.backendInstance() : Backends.find(options.backend())).forModel(model);
        this.plan = new ExecutionPlan(model.graph(), backend, new PlanOptions(options.foldConstants(), options.threads(), options.fixedDims()));
    }

    public Model model() {
        return model;
    }

    public SessionOptions options() {
        return options;
    }

    /** The prepared plan: per-node kernels, backends, inferred types. */
    public ExecutionPlan plan() {
        return plan;
    }

    @Override
    public String backendName() {
        return plan.backend().name();
    }

    @Override
    public List<String> inputNames() {
        return model.inputs().stream().map(ValueInfo::name).collect(Collectors.toList());
    }

    @Override
    public List<String> outputNames() {
        return model.outputs().stream().map(ValueInfo::name).collect(Collectors.toList());
    }

    /** Runs the model on named inputs. */
    @Override
    public Result run(Map<String, Tensor> inputs) {
        return run(inputs, NodeHook.NONE);
    }

    /** Runs the model with a hook observing every node. */
    public Result run(Map<String, Tensor> inputs, NodeHook hook) {
        Execution exec = start(inputs, hook);
        exec.runToEnd();
        return resultOf(exec);
    }

    /**
     * Starts debugging a run on these inputs, stopped before the first node. The debugger uses its own plan
     * on this session's backend without constant folding, so that every node runs and can be inspected.
     */
    @Override
    public Debugger debug(Map<String, Tensor> inputs) {
        SessionOptions noFold = withoutFolding();
        Session debugSession = options.foldConstants() ? new Session(model, noFold) : this;
        return Debugger.start(debugSession, inputs);
    }

    /** These options with constant folding off (same backend and threads). */
    SessionOptions withoutFolding() {
        SessionOptions.Builder b = SessionOptions.builder().threads(options.threads()).foldConstants(false);
        options.fixedDims().forEach(b::fixDimension);
        if (options.backendInstance() != null) {
            b.backend(options.backendInstance());
        } else {
            b.backend(options.backend());
        }
        return b.build();
    }

    /** Profiles this session: {@code runs} timed runs after {@code warmup} warm-ups. */
    @Override
    public ProfileReport profile(Map<String, Tensor> inputs, int warmup, int runs) {
        return Profiler.profile(this, inputs, warmup, runs);
    }

    @Override
    public long[] timeRuns(Map<String, Tensor> inputs, int warmup, int runs) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("need runs >= 1 and warmup >= 0, got runs=" + runs + ", warmup=" + warmup);
        }
        Tensor[] ordered = orderedInputs(inputs);
        for (int i = 0; i < warmup; i++) {
            new Execution(plan, ordered, NodeHook.NONE, null).runToEnd();
        }
        long[] times = new long[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            new Execution(plan, ordered, NodeHook.NONE, null).runToEnd();
            times[r] = System.nanoTime() - t0;
        }
        return times;
    }

    /** Profiles this session, reporting each finished warm-up and timed run to {@code progress}. */
    public ProfileReport profile(Map<String, Tensor> inputs, int warmup, int runs, ProgressListener progress) {
        return Profiler.profile(this, inputs, warmup, runs, progress);
    }

    /** Starts a resumable execution (for steppers); call {@link Execution#step()} to advance. */
    public Execution start(Map<String, Tensor> inputs, NodeHook hook) {
        return new Execution(plan, orderedInputs(inputs), hook, null);
    }

    /** The named outputs of a finished execution. */
    public Result resultOf(Execution exec) {
        Tensor[] outs = exec.outputs();
        Map<String, Tensor> named = new LinkedHashMap<>();
        List<ValueInfo> outputs = model.outputs();
        for (int i = 0; i < outs.length; i++) {
            named.put(outputs.get(i).name(), outs[i]);
        }
        return new Result(named);
    }

    private Tensor[] orderedInputs(Map<String, Tensor> inputs) {
        List<ValueInfo> declared = model.inputs();
        List<String> valid = declared.stream().map(ValueInfo::name).collect(Collectors.toList());
        for (String name : inputs.keySet()) {
            if (!valid.contains(name)) {
                throw new InvalidInputException("unknown input '" + name + "'; expected one of " + valid);
            }
        }
        Tensor[] ordered = new Tensor[declared.size()];
        for (int i = 0; i < ordered.length; i++) {
            ValueInfo v = declared.get(i);
            Tensor t = inputs.get(v.name());
            if (t == null) {
                throw new InvalidInputException("missing input '" + v.name() + "' (" + v.type() + "); the model needs " + valid);
            }
            check(v, t);
            checkFixed(v, t, plan.slotType(plan.graphInputSlots()[i]));
            ordered[i] = t;
        }
        return ordered;
    }

    private static void checkFixedDimNames(Model model, SessionOptions options) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (ValueInfo v : model.inputs()) {
            String[] dims = v.type() == null ? null : v.type().dimNames();
            for (int i = 0; dims != null && i < dims.length; i++) {
                if (dims[i] != null && v.type().shape()[i] < 0) {
                    names.add(dims[i]);
                }
            }
        }
        for (String name : options.fixedDims().keySet()) {
            if (!names.contains(name)) {
                throw new InvalidInputException("no input has a symbolic dimension '" + name + "' to fix; the model's are " + names);
            }
        }
    }

    /** An input against the shape the plan was prepared for, where dims were fixed by name. */
    private void checkFixed(ValueInfo v, Tensor t, TensorType planned) {
        if (options.fixedDims().isEmpty() || planned == null || !planned.hasRank() || planned.rank() != t.rank()) {
            return;
        }
        int[] shape = planned.shape();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && shape[i] != t.dim(i)) {
                throw new InvalidInputException("input '" + v.name() + "': expected shape " + Arrays.toString(shape)
                        + " (dims fixed by SessionOptions " + options.fixedDims() + "), found " + Arrays.toString(t.shapeView()));
            }
        }
    }

    private static void check(ValueInfo v, Tensor t) {
        TensorType type = v.type();
        if (type == null) {
            return;
        }
        if (type.dtype() != t.dtype()) {
            throw new InvalidInputException("input '" + v.name() + "': expected dtype " + type.dtype() + ", found " + t.dtype());
        }
        int[] shape = type.shape();
        if (shape == null) {
            return;
        }
        boolean ok = shape.length == t.rank();
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || shape[i] == t.dim(i);
        }
        if (!ok) {
            throw new InvalidInputException("input '" + v.name() + "': expected shape " + type.shapeString()
                    + ", found " + Arrays.toString(t.shapeView()));
        }
    }

    @Override
    public void close() {
    }
}
