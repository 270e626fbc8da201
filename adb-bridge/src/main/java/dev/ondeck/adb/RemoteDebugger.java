package dev.ondeck.adb;

import dev.ondeck.adb.agent.AgentProtocol;
import dev.ondeck.adb.agent.ReportCodec;
import dev.ondeck.adb.host.AdbException;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.debug.Breakpoint;
import dev.ondeck.engine.debug.GraphDebugger;
import dev.ondeck.engine.debug.StopEvent;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's stepping debugger running in the agent on a device, driven frame by frame: step, step over,
 * run to a node, continue to a breakpoint, fetch any computed value, override one, restart. Breakpoints are
 * sent by kind and argument; {@link Breakpoint#whenOutput} ones hold a Java predicate and are refused.
 */
public final class RemoteDebugger implements GraphDebugger {
    private final AgentConnection agent;
    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private StopEvent lastStop;
    private boolean closed;

    RemoteDebugger(AgentConnection agent, Map<String, Tensor> inputs) {
        this.agent = agent;
        this.lastStop = stop(agent.request(AgentProtocol.DEBUG_START, AgentProtocol.STOPPED, "debug",
                b -> AgentProtocol.writeTensors(b, inputs)));
    }

    private StopEvent stop(DataInputStream d) {
        try {
            return ReportCodec.readStop(d);
        } catch (IOException e) {
            throw agent.malformed("debug", e);
        }
    }

    private StopEvent resume(int type, AgentConnection.Body body) {
        requireOpen();
        lastStop = stop(agent.request(type, AgentProtocol.STOPPED, "debug", body));
        return lastStop;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this debug run on " + agent.serial() + " has ended; start another with debug(inputs)");
        }
    }

    @Override
    public StopEvent step() {
        return step(1);
    }

    @Override
    public StopEvent step(int n) {
        return resume(AgentProtocol.DEBUG_STEP, b -> b.writeInt(n));
    }

    @Override
    public StopEvent stepOver() {
        return resume(AgentProtocol.DEBUG_STEP_OVER, b -> { });
    }

    @Override
    public StopEvent runTo(String nodeName) {
        return resume(AgentProtocol.DEBUG_RUN_TO, b -> AgentProtocol.writeString(b, nodeName));
    }

    @Override
    public StopEvent continueRun() {
        return resume(AgentProtocol.DEBUG_CONTINUE, b -> { });
    }

    @Override
    public StopEvent restart() {
        return resume(AgentProtocol.DEBUG_RESTART, b -> { });
    }

    @Override
    public void addBreakpoint(Breakpoint b) {
        if (b.kind() == Breakpoint.Kind.OUTPUT_CONDITION) {
            throw new IllegalArgumentException("breakpoint '" + b + "' holds a Java predicate, which cannot run on the device;"
                    + " use Breakpoint.atNode, onOpType, onNonFinite or onMaxAbsAbove");
        }
        breakpoints.add(b);
        sendBreakpoints();
    }

    @Override
    public void removeBreakpoint(Breakpoint b) {
        breakpoints.remove(b);
        sendBreakpoints();
    }

    @Override
    public void clearBreakpoints() {
        breakpoints.clear();
        sendBreakpoints();
    }

    private void sendBreakpoints() {
        requireOpen();
        agent.request(AgentProtocol.BREAKPOINTS, AgentProtocol.OK, "debug", d -> ReportCodec.writeBreakpoints(d, breakpoints));
    }

    @Override
    public List<Breakpoint> breakpoints() {
        return Collections.unmodifiableList(new ArrayList<>(breakpoints));
    }

    @Override
    public StopEvent lastStop() {
        return lastStop;
    }

    @Override
    public boolean isFinished() {
        return lastStop.isFinished();
    }

    /** Fetches a value computed so far on the device. */
    @Override
    public Tensor tensor(String name) {
        requireOpen();
        return fetch(agent, name);
    }

    static Tensor fetch(AgentConnection agent, String name) {
        DataInputStream d = agent.request(AgentProtocol.FETCH, AgentProtocol.TENSOR, "fetch", b -> AgentProtocol.writeString(b, name));
        try {
            Map<String, Tensor> m = new LinkedHashMap<>();
            AgentProtocol.readTensor(d, m);
            return m.get(name);
        } catch (IOException e) {
            throw agent.malformed("fetch", e);
        }
    }

    @Override
    public void override(String name, Tensor value) {
        requireOpen();
        agent.request(AgentProtocol.OVERRIDE, AgentProtocol.OK, "debug", d -> AgentProtocol.writeTensor(d, name, value));
    }

    @Override
    public Result result() {
        requireOpen();
        DataInputStream d = agent.request(AgentProtocol.DEBUG_RESULT, AgentProtocol.RESULT, "debug", b -> { });
        try {
            return Result.of(AgentProtocol.readTensors(d));
        } catch (IOException e) {
            throw agent.malformed("debug", e);
        }
    }

    /** Ends the debug run on the device (a no-op once the session is closed). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            agent.request(AgentProtocol.DEBUG_END, AgentProtocol.OK, "debug", b -> { });
        } catch (IllegalStateException | AdbException e) {
            // the session is closed or the device gone, and the agent's debug run with it
        }
    }
}
