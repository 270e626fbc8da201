package dev.ondeck.adb.agent;

import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.debug.Breakpoint;
import dev.ondeck.engine.debug.Debugger;
import dev.ondeck.engine.debug.StopEvent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's side of remote debugging: one engine {@link Debugger} at a time, driven by DEBUG_* frames,
 * with the breakpoints the host last sent. Every resume answers STOPPED with where it stopped.
 */
final class DebugRequests {
    private Debugger debugger;
    private List<Breakpoint> breakpoints = new ArrayList<>();

    /** Handles a DEBUG_*, BREAKPOINTS or OVERRIDE frame; returns the reply type. */
    int handle(int type, DataInputStream body, DataOutputStream reply, Session session) throws IOException {
        switch (type) {
            case AgentProtocol.DEBUG_START:
                end();
                debugger = session.debug(AgentProtocol.readTensors(body));
                for (Breakpoint b : breakpoints) {
                    debugger.addBreakpoint(b);
                }
                return stopped(reply, debugger.lastStop());
            case AgentProtocol.DEBUG_STEP: return stopped(reply, active().step(body.readInt()));
            case AgentProtocol.DEBUG_STEP_OVER: return stopped(reply, active().stepOver());
            case AgentProtocol.DEBUG_RUN_TO: return stopped(reply, active().runTo(AgentProtocol.readString(body)));
            case AgentProtocol.DEBUG_CONTINUE: return stopped(reply, active().continueRun());
            case AgentProtocol.DEBUG_RESTART: return stopped(reply, active().restart());
            case AgentProtocol.BREAKPOINTS:
                breakpoints = ReportCodec.readBreakpoints(body);
                if (debugger != null) {
                    debugger.clearBreakpoints();
                    for (Breakpoint b : breakpoints) {
                        debugger.addBreakpoint(b);
                    }
                }
                return AgentProtocol.OK;
            case AgentProtocol.OVERRIDE: {
                Map<String, Tensor> one = new HashMap<>();
                AgentProtocol.readTensor(body, one);
                for (Map.Entry<String, Tensor> e : one.entrySet()) {
                    active().override(e.getKey(), e.getValue());
                }
                return AgentProtocol.OK;
            }
            case AgentProtocol.DEBUG_RESULT:
                AgentProtocol.writeTensors(reply, active().result().asMap());
                return AgentProtocol.RESULT;
            case AgentProtocol.DEBUG_END:
                end();
                return AgentProtocol.OK;
            default:
                throw new IllegalArgumentException("unknown debug request type " + type);
        }
    }

    /** The debug run's value of that name, or null when no debug run is active. */
    Tensor value(String name) {
        return debugger == null ? null : debugger.tensor(name);
    }

    boolean isActive() {
        return debugger != null;
    }

    /** Ends the debug run (its worker thread stops). */
    void end() {
        if (debugger != null) {
            debugger.close();
            debugger = null;
        }
    }

    private Debugger active() {
        if (debugger == null) {
            throw new IllegalStateException("no debug run: send DEBUG_START first");
        }
        return debugger;
    }

    private static int stopped(DataOutputStream reply, StopEvent e) throws IOException {
        ReportCodec.writeStop(reply, e);
        return AgentProtocol.STOPPED;
    }
}
