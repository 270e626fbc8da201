package dev.ondeck.engine.debug;

import dev.ondeck.engine.Result;
import dev.ondeck.engine.Tensor;
import java.util.List;

/**
 * A stepping debugger over one run of a model, wherever the model runs: {@link Debugger} here, a remote
 * debugger on a phone. It starts stopped before the first node; every resume returns where it stopped.
 * Breakpoints made with {@link Breakpoint#whenOutput} hold a Java predicate and work only locally.
 */
public interface GraphDebugger extends AutoCloseable {

    /** Runs the next node (entering subgraphs) and stops. */
    StopEvent step();

    /** Runs {@code n} nodes, stopping early at a breakpoint or the end. */
    StopEvent step(int n);

    /** Runs the current node whole (its subgraphs included) and stops at the next node at this depth or above. */
    StopEvent stepOver();

    /** Runs until just before the node of that name, or a breakpoint, or the end. */
    StopEvent runTo(String nodeName);

    /** Runs until a breakpoint or the end. */
    StopEvent continueRun();

    /** Abandons the current run and starts again, stopped before the first node; breakpoints are kept. */
    StopEvent restart();

    /** Adds a breakpoint; it applies from the next resume on. */
    void addBreakpoint(Breakpoint b);

    void removeBreakpoint(Breakpoint b);

    void clearBreakpoints();

    List<Breakpoint> breakpoints();

    /** Where the debugger stopped last. */
    StopEvent lastStop();

    boolean isFinished();

    /** Any value computed so far (inputs, initializers, node outputs). */
    Tensor tensor(String name);

    /** Replaces a value; nodes that have not run yet read it. */
    void override(String name, Tensor value);

    /** The model's outputs once finished. */
    Result result();

    /** Ends the debug run. */
    @Override
    void close();
}
