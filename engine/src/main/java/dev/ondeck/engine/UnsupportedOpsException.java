package dev.ondeck.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The model uses operators the engine does not implement; lists all of them at once. */
public class UnsupportedOpsException extends OndeckException {
    private static final long serialVersionUID = 1L;

    /** One unsupported (op type, domain, opset) and the nodes that use it. */
    public static final class Missing {
        public final String opType;
        public final String domain;
        public final long opset;
        public final List<String> nodes;

        public Missing(String opType, String domain, long opset, List<String> nodes) {
            this.opType = opType;
            this.domain = domain;
            this.opset = opset;
            this.nodes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(nodes));
        }

        @Override
        public String toString() {
            String d = domain.isEmpty() ? "ai.onnx" : domain;
            return opType + " (domain " + d + ", opset " + opset + ") at nodes " + nodes;
        }
    }

    private final List<Missing> missing;

    public UnsupportedOpsException(List<Missing> missing) {
        super("unsupported operators (" + missing.size() + "): "
                + missing.stream().map(Missing::toString).collect(Collectors.joining("; ")));
        this.missing = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(missing));
    }

    /** Every unsupported operator of the model. */
    public List<Missing> missing() {
        return missing;
    }
}
