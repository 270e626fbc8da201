package dev.ondeck.engine.debug;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.inspect.TensorStats;
import java.util.function.Predicate;

/**
 * Where a {@link Debugger} stops: before a node of a given name or op type, or after a node whose outputs
 * meet a condition (e.g. any NaN/Inf, max |x| above a bound).
 */
public abstract class Breakpoint {
    private final String description;

    Breakpoint(String description) {
        this.description = description;
    }

    /** Stops before the node of that name (in any graph or subgraph). */
    public static Breakpoint atNode(String name) {
        return new Breakpoint("node " + name) {
            @Override
            boolean before(Node node) {
                return node.name().equals(name);
            }
        };
    }

    /** Stops before every node of that ONNX op type. */
    public static Breakpoint onOpType(String opType) {
        return new Breakpoint("op type " + opType) {
            @Override
            boolean before(Node node) {
                return node.opType().equals(opType);
            }
        };
    }

    /** Stops after the first node any of whose outputs contains NaN or infinity. */
    public static Breakpoint onNonFinite() {
        return whenOutput("any output NaN/Inf", t -> t.dtype().isFloating() && TensorStats.of(t, 1).hasNonFinite());
    }

    /** Stops after the first node any of whose outputs has an element with |x| > bound. */
    public static Breakpoint onMaxAbsAbove(double bound) {
        return whenOutput("max |output| > " + bound, t -> {
            for (int i = 0; i < t.size(); i++) {
                if (Math.abs(t.getDouble(i)) > bound) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Stops after the first node one of whose outputs satisfies {@code condition}. */
    public static Breakpoint whenOutput(String description, Predicate<Tensor> condition) {
        return new Breakpoint(description) {
            @Override
            boolean after(Node node, Tensor[] outputs) {
                for (Tensor t : outputs) {
                    if (t != null && condition.test(t)) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    boolean before(Node node) {
        return false;
    }

    boolean after(Node node, Tensor[] outputs) {
        return false;
    }

    @Override
    public String toString() {
        return description;
    }
}
