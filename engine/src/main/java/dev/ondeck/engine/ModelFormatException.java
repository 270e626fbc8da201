package dev.ondeck.engine;

/** The model file is not a well-formed ONNX model: truncated, wrong wire type, bad field, bad reference. */
public class ModelFormatException extends OndeckException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the protobuf field path where decoding failed, e.g. {@code ModelProto.graph.node[3].input}
     * @param message what was expected and what was found
     */
    public ModelFormatException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The protobuf field path (or model element) where the problem is. */
    public String field() {
        return field;
    }
}
