package dev.ondeck.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outputs of one run, by name in the model's output order. The caller owns the tensors. */
public final class Result implements AutoCloseable {
    private final Map<String, Tensor> outputs;

    Result(Map<String, Tensor> outputs) {
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** A result holding these outputs, in the map's order (e.g. outputs computed on a device). */
    public static Result of(Map<String, Tensor> outputs) {
        return new Result(outputs);
    }

    /** The output of that name; fails listing the valid names. */
    public Tensor get(String name) {
        Tensor t = outputs.get(name);
        if (t == null) {
            throw new InvalidInputException("no output named '" + name + "'; expected one of " + outputs.keySet());
        }
        return t;
    }

    /** The i-th output. */
    public Tensor get(int index) {
        return new ArrayList<>(outputs.values()).get(index);
    }

    public List<String> names() {
        return new ArrayList<>(outputs.keySet());
    }

    public int size() {
        return outputs.size();
    }

    public Map<String, Tensor> asMap() {
        return outputs;
    }

    @Override
    public void close() {
    }
}
