package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Graph;
import java.util.List;

/**
 * What an op factory sees of one ONNX node at import time: its attributes (typed getters that fail with
 * the attribute's name and the expected type), its input/output arity, and the opset version in force.
 */
public interface NodeSpec {
    /** The node's name for messages. */
    String name();

    /** The opset version of the node's domain imported by the model. */
    int opset();

    int inputCount();

    int outputCount();

    /** True when input {@code i} is given (present and not the empty name). */
    boolean hasInput(int i);

    boolean has(String attribute);

    long getInt(String attribute, long defaultValue);

    long requireInt(String attribute);

    float getFloat(String attribute, float defaultValue);

    String getString(String attribute, String defaultValue);

    /** Null default means "absent returns null". */
    long[] getInts(String attribute, long[] defaultValue);

    float[] getFloats(String attribute, float[] defaultValue);

    List<String> getStrings(String attribute);

    /** A tensor attribute, or null when absent. */
    Tensor getTensor(String attribute);

    /** A graph attribute, imported as a subgraph of this node; fails when absent. */
    Graph requireGraph(String attribute);

    /** Fails the import with a message naming this node. */
    ShapeException invalid(String message);
}
