package dev.ondeck.engine;

/** An error at one node of the model, at prepare or run time; names the node and its op. */
public class NodeException extends OndeckException {
    private static final long serialVersionUID = 1L;
    private final String node;
    private final String opType;

    public NodeException(String node, String opType, String message, Throwable cause) {
        super("node '" + node + "' (" + opType + "): " + message, cause);
        this.node = node;
        this.opType = opType;
    }

    /** The node's name (or {@code <OpType>_<index>} when unnamed). */
    public String node() {
        return node;
    }

    /** The node's ONNX op type. */
    public String opType() {
        return opType;
    }
}
