package dev.ondeck.engine;

import dev.ondeck.engine.graph.TensorType;

/** A named, typed value of a graph: a model input or output, or an intermediate. */
public final class ValueInfo {
    private final String name;
    private final TensorType type;

    public ValueInfo(String name, TensorType type) {
        this.name = name;
        this.type = type;
    }

    public String name() {
        return name;
    }

    /** The declared type; may have symbolic or unknown dims. */
    public TensorType type() {
        return type;
    }

    @Override
    public String toString() {
        return name + ": " + type;
    }
}
