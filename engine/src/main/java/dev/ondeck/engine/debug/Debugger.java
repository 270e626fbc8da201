package dev.ondeck.engine.debug;

import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.RunCancelledException;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.runtime.Execution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A debugger for graphs: runs a model node by node, stops at breakpoints (node name, op type, output
 * conditions), shows the current node and any value computed so far, lets you replace an intermediate
 * (what-if) and go on, and restart. Stepping enters If/Loop/Scan bodies. Resumable after every stop.
 *
 * <p>The model runs on a worker thread that parks at each stop; every method here is called from one
 * controlling thread. Interrupting the controlling thread while it waits cancels the run. The session it
 * comes from prepares its plan without constant folding, so every node runs and stays inspectable.
 */
public final class Debugger implements GraphDebugger {
    private final Session session;
    private final Map<String, Tensor> inputs;
    private final List<Breakpoint> breakpoints = new CopyOnWriteArrayList<>();
    private DebugWorker worker;
    private StopEvent lastStop;

    private Debugger(Session session, Map<String, Tensor> inputs) {
        this.session = session;
        this.inputs = inputs;
    }

    /**
     * Starts debugging a run of {@code session} (which should be prepared without constant folding) and
     * stops before its first node.
     */
    public static Debugger start(Session session, Map<String, Tensor> inputs) {
        Debugger d = new Debugger(session, inputs);
        d.launch();
        return d;
    }

    private void launch() {
        worker = new DebugWorker(session, inputs, breakpoints);
        worker.mode = DebugWorker.Mode.STEP;
        worker.start();
        lastStop = worker.awaitStop();
    }

    /** Runs the next node (entering subgraphs) and stops. */
    public StopEvent step() {
        return resume(DebugWorker.Mode.STEP, null);
    }

    /** Runs {@code n} nodes, stopping early at a breakpoint or the end. */
    public StopEvent step(int n) {
        StopEvent e = lastStop;
        for (int i = 0; i < n && !e.isFinished(); i++) {
            e = step();
            if (e.reason() == StopEvent.Reason.BREAKPOINT || e.reason() == StopEvent.Reason.CONDITION) {
                break;
            }
        }
        return e;
    }

    /** Runs the current node whole (its subgraphs included) and stops at the next node at this depth or above. */
    public StopEvent stepOver() {
        return resume(DebugWorker.Mode.STEP_OVER, null);
    }

    /** Runs until just before the node of that name (in any graph), or a breakpoint, or the end. */
    public StopEvent runTo(String nodeName) {
        if (!hasNode(session.plan().graph(), nodeName)) {
            throw new OndeckException("no node named '" + nodeName + "' in the model or its subgraphs");
        }
        return resume(DebugWorker.Mode.RUN_TO, nodeName);
    }

    /** Runs until a breakpoint or the end. */
    public StopEvent continueRun() {
        return resume(DebugWorker.Mode.CONTINUE, null);
    }

    /** Adds a breakpoint; it applies from the next resume on. */
    public void addBreakpoint(Breakpoint b) {
        breakpoints.add(b);
    }

    public void removeBreakpoint(Breakpoint b) {
        breakpoints.remove(b);
    }

    public void clearBreakpoints() {
        breakpoints.clear();
    }

    public List<Breakpoint> breakpoints() {
        return Collections.unmodifiableList(new ArrayList<>(breakpoints));
    }

    /** Where the debugger stopped last. */
    public StopEvent lastStop() {
        return lastStop;
    }

    public boolean isFinished() {
        return lastStop.isFinished();
    }

    /** The node stopped at: before it runs, or after it ran for a condition stop. Fails when finished. */
    public NodeView current() {
        Execution exec = pausedExecution();
        int n = worker.pausedNode;
        Node node = exec.plan().node(n);
        Tensor[] ins = values(exec, node.inputs());
        Tensor[] outs = worker.pausedAfter ? values(exec, node.outputs()) : new Tensor[node.outputCount()];
        return new NodeView(node, exec.plan().graph().name(), exec.depth(), ins, outs);
    }

    private static Tensor[] values(Execution exec, String[] names) {
        Tensor[] t = new Tensor[names.length];
        for (int i = 0; i < names.length; i++) {
            t[i] = names[i].isEmpty() ? null : exec.value(names[i]);
        }
        return t;
    }

    /** Any value computed so far (inputs, initializers, node outputs; enclosing graphs searched too). */
    public Tensor tensor(String name) {
        Execution exec = lastStop.isFinished() ? worker.finalExecution : worker.pausedExecution;
        Tensor t = exec == null ? null : exec.value(name);
        if (t == null) {
            throw new OndeckException("value '" + name + "' is not computed " + (lastStop.isFinished() ? "in this run"
                    : "yet (stopped " + lastStop + ")") + " or does not exist");
        }
        return t;
    }

    /** Replaces a value; nodes that have not run yet (the current one included, when stopped before it) read it. */
    public void override(String name, Tensor value) {
        pausedExecution().override(name, value);
    }

    /** The model's outputs once finished. */
    public Result result() {
        if (!lastStop.isFinished()) {
            throw new OndeckException("the run has not finished (stopped " + lastStop + "); call continueRun()");
        }
        return worker.result;
    }

    /** Abandons the current run and starts again, stopped before the first node; breakpoints are kept. */
    public StopEvent restart() {
        worker.cancel();
        launch();
        return lastStop;
    }

    private Execution pausedExecution() {
        if (lastStop.isFinished()) {
            throw new OndeckException("the run has finished; restart() to run again");
        }
        return worker.pausedExecution;
    }

    private StopEvent resume(DebugWorker.Mode mode, String target) {
        if (lastStop.isFinished()) {
            return lastStop;
        }
        lastStop = worker.resume(mode, target);
        return lastStop;
    }

    private static boolean hasNode(Graph g, String name) {
        for (Node n : g.nodes()) {
            if (n.name().equals(name)) {
                return true;
            }
            for (Graph sub : n.op().subgraphs()) {
                if (hasNode(sub, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Stops the worker thread. */
    @Override
    public void close() {
        worker.cancel();
    }

    static RunCancelledException cancelled() {
        return new RunCancelledException("debug run cancelled");
    }
}
