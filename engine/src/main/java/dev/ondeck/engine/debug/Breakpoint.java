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
    /** What a breakpoint tests; all but {@code OUTPUT_CONDITION} can be rebuilt from {@link #argument()}. */
    public enum Kind { NODE, OP_TYPE, NON_FINITE, MAX_ABS_ABOVE, OUTPUT_CONDITION }

    private final String description;
    private final Kind kind;
    private final String argument;

    Breakpoint(String description, Kind kind, String argument) {
        this.description = description;
        this.kind = kind;
        this.argument = argument;
    }

    /**
     * The breakpoint of that kind and argument (node name, op type, bound; none for NON_FINITE), e.g. as sent
     * to a device. OUTPUT_CONDITION holds a Java predicate and cannot be rebuilt.
     */
    public static Breakpoint of(Kind kind, String argument) {
        switch (kind) {
            case NODE: return atNode(argument);
            case OP_TYPE: return onOpType(argument);
            case NON_FINITE: return onNonFinite();
            case MAX_ABS_ABOVE: return onMaxAbsAbove(Double.parseDouble(argument));
            default:
                throw new IllegalArgumentException("a " + kind + " breakpoint holds a Java predicate and cannot be rebuilt"
                        + " from text; expected one of [NODE, OP_TYPE, NON_FINITE, MAX_ABS_ABOVE]");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The node name, op type or bound; empty for NON_FINITE and OUTPUT_CONDITION. */
    public String argument() {
        return argument;
    }

    /** Stops before the node of that name (in any graph or subgraph). */
    public static Breakpoint atNode(String name) {
        return new Breakpoint("node " + name, Kind.NODE, name) {
            @Override
            boolean before(Node node) {
                return node.name().equals(name);
            }
        };
    }

    /** Stops before every node of that ONNX op type. */
    public static Breakpoint onOpType(String opType) {
        return new Breakpoint("op type " + opType, Kind.OP_TYPE, opType) {
            @Override
            boolean before(Node node) {
                return node.opType().equals(opType);
            }
        };
    }

    /** Stops after the first node any of whose outputs contains NaN or infinity. */
    public static Breakpoint onNonFinite() {
        return whenOutput("any output NaN/Inf", Kind.NON_FINITE, "",
                t -> t.dtype().isFloating() && TensorStats.of(t, 1).hasNonFinite());
    }

    /** Stops after the first node any of whose outputs has an element with |x| > bound. */
    public static Breakpoint onMaxAbsAbove(double bound) {
        return whenOutput("max |output| > " + bound, Kind.MAX_ABS_ABOVE, Double.toString(bound), t -> {
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
        return whenOutput(description, Kind.OUTPUT_CONDITION, "", condition);
    }

    private static Breakpoint whenOutput(String description, Kind kind, String argument, Predicate<Tensor> condition) {
        return new Breakpoint(description, kind, argument) {
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
