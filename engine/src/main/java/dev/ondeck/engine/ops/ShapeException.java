package dev.ondeck.engine.ops;

import dev.ondeck.engine.OndeckException;

/**
 * An op rejects its inputs: wrong rank, mismatched dims, bad attribute value. The runtime adds the node
 * name and op type (see {@link dev.ondeck.engine.NodeException}).
 */
public class ShapeException extends OndeckException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
