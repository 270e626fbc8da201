package dev.ondeck.engine;

import dev.ondeck.engine.debug.GraphDebugger;
import dev.ondeck.engine.inspect.TensorComparison;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a notebook does with a prepared model, wherever it runs: {@link Session} runs it here, a remote
 * session (module {@code adb-bridge}) runs it on a phone. Code written against this interface moves to a
 * device by changing the line that opens the session. Not thread-safe: use one per thread.
 */
public interface InferenceSession extends AutoCloseable {

    /** The backend that runs the model, e.g. {@code cpu-ref}. */
    String backendName();

    /** The model's input names, in declaration order. */
    List<String> inputNames();

    /** The model's output names, in declaration order. */
    List<String> outputNames();

    /** Runs the model on named inputs; fails with {@link InvalidInputException} naming the valid inputs. */
    Result run(Map<String, Tensor> inputs);

    /**
     * Whole-run wall times in nanoseconds, in run order, of {@code runs} runs after {@code warmup} untimed
     * ones, measured where the model runs and without per-node hooks: what a benchmark reports.
     */
    long[] timeRuns(Map<String, Tensor> inputs, int warmup, int runs);

    /** Per-node profile of {@code runs} runs after {@code warmup} warm-ups. */
    ProfileReport profile(Map<String, Tensor> inputs, int warmup, int runs);

    /** Starts a stepping debugger on these inputs, stopped before the first node. */
    GraphDebugger debug(Map<String, Tensor> inputs);

    /**
     * Runs the same inputs on {@code reference} and on this session and compares each output of the
     * reference with this session's output of the same name (max absolute and relative error, cosine, ULPs).
     */
    default Map<String, TensorComparison> diff(InferenceSession reference, Map<String, Tensor> inputs) {
        Map<String, Tensor> expected = reference.run(inputs).asMap();
        Result actual = run(inputs);
        Map<String, TensorComparison> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            out.put(e.getKey(), TensorComparison.of(e.getValue(), actual.get(e.getKey())));
        }
        return out;
    }

    /** Releases what the session holds (on a device: the agent process). */
    @Override
    void close();
}
