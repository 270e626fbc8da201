package dev.ondeck.engine.debug;

import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.RunCancelledException;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/** The thread that runs a debugged model and parks at each stop until the {@link Debugger} resumes it. */
final class DebugWorker extends Thread implements NodeHook {
    /** When to stop next (breakpoints apply in every mode). */
    enum Mode { STEP, STEP_OVER, RUN_TO, CONTINUE }

    private final Session session;
    private final Map<String, Tensor> inputs;
    private final List<Breakpoint> breakpoints;
    private final Semaphore go = new Semaphore(0);
    private final Semaphore stopped = new Semaphore(0);
    volatile Mode mode;
    private volatile String target;
    private volatile int overDepth;
    private volatile StopEvent event;
    private volatile Throwable failure;
    private volatile boolean cancelled;
    volatile Execution pausedExecution;
    volatile int pausedNode;
    volatile boolean pausedAfter;
    volatile Execution finalExecution;
    volatile Result result;

    DebugWorker(Session session, Map<String, Tensor> inputs, List<Breakpoint> breakpoints) {
        super("ondeck-debugger");
        setDaemon(true);
        this.session = session;
        this.inputs = inputs;
        this.breakpoints = breakpoints;
    }

    @Override
    public void run() {
        try {
            Execution exec = session.start(inputs, this);
            exec.runToEnd();
            result = session.resultOf(exec);
            finalExecution = exec;
            event = new StopEvent(StopEvent.Reason.FINISHED, null, null, 0, false, null);
        } catch (RunCancelledException e) {
            event = new StopEvent(StopEvent.Reason.FINISHED, null, null, 0, false, "cancelled");
            if (!cancelled) {
                failure = e;
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            pausedExecution = null;
            stopped.release();
        }
    }

    @Override
    public void beforeNode(Execution exec, int n) {
        Node node = exec.plan().node(n);
        for (Breakpoint b : breakpoints) {
            if (b.before(node)) {
                pause(exec, n, false, StopEvent.Reason.BREAKPOINT, b.toString());
                return;
            }
        }
        int depth = exec.depth();
        switch (mode) {
            case STEP:
                pause(exec, n, false, StopEvent.Reason.STEP, null);
                break;
            case STEP_OVER:
                if (depth <= overDepth) {
                    pause(exec, n, false, StopEvent.Reason.STEP, null);
                }
                break;
            case RUN_TO:
                if (node.name().equals(target)) {
                    pause(exec, n, false, StopEvent.Reason.RUN_TO, null);
                }
                break;
            default:
        }
    }

    @Override
    public void afterNode(Execution exec, int n) {
        if (breakpoints.isEmpty()) {
            return;
        }
        Node node = exec.plan().node(n);
        Tensor[] outs = new Tensor[node.outputCount()];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = node.output(i).isEmpty() ? null : exec.value(node.output(i));
        }
        for (Breakpoint b : breakpoints) {
            if (b.after(node, outs)) {
                pause(exec, n, true, StopEvent.Reason.CONDITION, b.toString());
                return;
            }
        }
    }

    private void pause(Execution exec, int n, boolean after, StopEvent.Reason reason, String detail) {
        Node node = exec.plan().node(n);
        pausedExecution = exec;
        pausedNode = n;
        pausedAfter = after;
        event = new StopEvent(reason, node.name(), node.opType(), exec.depth(), after, detail);
        stopped.release();
        try {
            go.acquire();
        } catch (InterruptedException e) {
            throw Debugger.cancelled();
        }
        if (cancelled) {
            throw Debugger.cancelled();
        }
    }

    /** Waits for the next stop (or the end) and returns it; rethrows a failure of the run. */
    StopEvent awaitStop() {
        try {
            stopped.acquire();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw Debugger.cancelled();
        }
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            throw new OndeckException("debug run failed: " + f, f);
        }
        return event;
    }

    StopEvent resume(Mode m, String runToTarget) {
        this.mode = m;
        this.target = runToTarget;
        this.overDepth = pausedExecution == null ? 0 : pausedExecution.depth();
        go.release();
        return awaitStop();
    }

    /** Ends the run and waits for the thread to finish. */
    void cancel() {
        cancelled = true;
        interrupt();
        go.release();
        try {
            join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
