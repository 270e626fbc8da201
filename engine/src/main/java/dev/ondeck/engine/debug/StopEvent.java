package dev.ondeck.engine.debug;

/**
 * Where and why a {@link Debugger} stopped.
 *
 * @see Debugger#current()
 */
public final class StopEvent {
    /** Why execution stopped. */
    public enum Reason { STEP, RUN_TO, BREAKPOINT, CONDITION, FINISHED }

    private final Reason reason;
    private final String node;
    private final String opType;
    private final int depth;
    private final boolean afterNode;
    private final String detail;

    StopEvent(Reason reason, String node, String opType, int depth, boolean afterNode, String detail) {
        this.reason = reason;
        this.node = node;
        this.opType = opType;
        this.depth = depth;
        this.afterNode = afterNode;
        this.detail = detail;
    }

    /** A stop as reported elsewhere, e.g. by a debugger on a device; {@code node} is null when finished. */
    public static StopEvent of(Reason reason, String node, String opType, int depth, boolean afterNode, String detail) {
        return new StopEvent(reason, node, opType, depth, afterNode, detail);
    }

    public Reason reason() {
        return reason;
    }

    /** The node stopped at (null when finished). */
    public String node() {
        return node;
    }

    public String opType() {
        return opType;
    }

    /** 0 in the main graph, 1 inside an If/Loop/Scan body, and so on. */
    public int depth() {
        return depth;
    }

    /** True when stopped after the node ran (output conditions), false when before it runs. */
    public boolean afterNode() {
        return afterNode;
    }

    /** The breakpoint or condition that fired, if any. */
    public String detail() {
        return detail;
    }

    public boolean isFinished() {
        return reason == Reason.FINISHED;
    }

    @Override
    public String toString() {
        if (isFinished()) {
            return "finished";
        }
        return reason + (afterNode ? " after " : " before ") + node + " (" + opType + ")"
                + (depth > 0 ? " at depth " + depth : "") + (detail == null ? "" : ": " + detail);
    }
}
