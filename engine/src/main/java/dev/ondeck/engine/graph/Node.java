package dev.ondeck.engine.graph;

import dev.ondeck.engine.ops.Op;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * One node of a graph after import: a typed {@link Op} with its input and output value names. The ONNX op
 * type and attributes are kept for display only; nothing dispatches on them.
 */
public final class Node {
    private final String name;
    private final String opType;
    private final String domain;
    private final int index;
    private final Op op;
    private final String[] inputs;
    private final String[] outputs;
    private final String[] implicitInputs;
    private final Map<String, Object> attributes;

    /**
     * @param name the ONNX node name, or {@code <OpType>_<index>} when the file gives none
     * @param index position of the node in the file's node list
     * @param inputs input value names, "" for an absent optional input
     * @param implicitInputs values of enclosing scopes that this node's subgraphs read
     * @param attributes attribute values for display (numbers, strings, arrays)
     */
    public Node(String name, String opType, String domain, int index, Op op, String[] inputs, String[] outputs,
                String[] implicitInputs, Map<String, Object> attributes) {
        this.name = name;
        this.opType = opType;
        this.domain = domain;
        this.index = index;
        this.op = op;
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.implicitInputs = implicitInputs.clone();
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    public String name() {
        return name;
    }

    /** The ONNX op type, for display. */
    public String opType() {
        return opType;
    }

    /** The ONNX domain ("" for the default domain). */
    public String domain() {
        return domain;
    }

    /** Position in the file's node list. */
    public int index() {
        return index;
    }

    public Op op() {
        return op;
    }

    public String[] inputs() {
        return inputs.clone();
    }

    public String input(int i) {
        return inputs[i];
    }

    public int inputCount() {
        return inputs.length;
    }

    public String[] outputs() {
        return outputs.clone();
    }

    public String output(int i) {
        return outputs[i];
    }

    public int outputCount() {
        return outputs.length;
    }

    /** Values from enclosing graphs that this node's subgraphs use. */
    public String[] implicitInputs() {
        return implicitInputs.clone();
    }

    /** Attributes as imported, for display. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return name + " = " + opType + Arrays.toString(inputs) + " -> " + Arrays.toString(outputs);
    }
}
