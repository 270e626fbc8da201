package dev.ondeck.adb;

import dev.ondeck.adb.agent.AgentMain;
import dev.ondeck.adb.agent.AgentProtocol;
import dev.ondeck.adb.agent.ReportCodec;
import dev.ondeck.adb.host.DeviceLostException;
import dev.ondeck.engine.InferenceSession;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.profile.ProfileReport;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A model loaded by the agent on a device: the same {@link InferenceSession} as a local {@code Session}
 * ({@link #run}, {@link #timeRuns}, {@link #profile}, {@link #debug}, {@link #diff}), plus the device's state
 * around a profile ({@link #profileOnDevice}). Calls are serialised; a lost device surfaces as
 * {@link DeviceLostException}, an agent error as {@link AgentException}.
 */
public final class RemoteSession implements InferenceSession {
    private final AgentConnection agent;
    private final String backend;
    private final String modelName;
    private final AgentTransport transport;
    private final List<String> inputNames = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<String> pushed;
    private RemoteDebugger debugger;

    RemoteSession(AgentChannel channel, String remoteModel, String modelName, String backend, List<String> pushed,
                  AgentTransport transport) {
        this.modelName = modelName;
        this.transport = transport;
        this.pushed = Collections.unmodifiableList(new ArrayList<>(pushed));
        AgentConnection connection = null;
        try {
            connection = new AgentConnection(channel);
            List<String> offered = connection.backends();
            this.backend = backend != null ? backend
                    : offered.contains("cpu-portable") || offered.isEmpty() ? "cpu-portable" : offered.get(0);
            DataInputStream loaded = connection.request(AgentProtocol.LOAD, AgentProtocol.LOADED, "load", d -> {
                AgentProtocol.writeString(d, remoteModel);
                AgentProtocol.writeString(d, this.backend);
            });
            readNames(loaded, inputNames);
            readNames(loaded, outputNames);
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.abort();
            } else {
                channel.close();
            }
            throw e instanceof RuntimeException ? (RuntimeException) e : new DeviceLostException(channel.serial, "agent start", e);
        }
        this.agent = connection;
    }

    private static void readNames(DataInputStream d, List<String> into) throws IOException {
        int n = d.readInt();
        for (int i = 0; i < n; i++) {
            into.add(AgentProtocol.readString(d));
        }
    }

    /** Runs the model on the device; outputs by name in the model's order. */
    @Override
    public Result run(Map<String, Tensor> inputs) {
        DataInputStream d = agent.request(AgentProtocol.RUN, AgentProtocol.RESULT, "run", b -> AgentProtocol.writeTensors(b, inputs));
        try {
            return Result.of(AgentProtocol.readTensors(d));
        } catch (IOException e) {
            throw agent.malformed("run", e);
        }
    }

    /** Whole-run times measured on the device (no per-node hook, no transfer): what a benchmark reports. */
    @Override
    public long[] timeRuns(Map<String, Tensor> inputs, int warmup, int runs) {
        DataInputStream d = agent.request(AgentProtocol.TIME, AgentProtocol.TIMES, "time", b -> {
            b.writeInt(warmup);
            b.writeInt(runs);
            AgentProtocol.writeTensors(b, inputs);
        });
        try {
            return AgentProtocol.readLongs(d);
        } catch (IOException e) {
            throw agent.malformed("time", e);
        }
    }

    /** The per-node profile taken on the device, as a local {@code ProfileReport} (named after the local model file). */
    @Override
    public ProfileReport profile(Map<String, Tensor> inputs, int warmup, int runs) {
        return profileOnDevice(inputs, warmup, runs).report();
    }

    /** Profiles on the device, per node as locally, with the device state (frequencies, temperatures) before and after. */
    public RemoteProfile profileOnDevice(Map<String, Tensor> inputs, int warmup, int runs) {
        DataInputStream d = agent.request(AgentProtocol.PROFILE, AgentProtocol.PROFILED, "profile", b -> {
            b.writeInt(warmup);
            b.writeInt(runs);
            AgentProtocol.writeTensors(b, inputs);
        });
        try {
            ProfileReport report = ReportCodec.readProfile(d, modelName);
            return new RemoteProfile(serial(), report, AgentMain.readMap(d), AgentMain.readMap(d));
        } catch (IOException e) {
            throw agent.malformed("profile", e);
        }
    }

    /**
     * Starts a debug run on the device, stopped before the first node; a debug run started earlier on this
     * session ends. Breakpoints by node, op type, NaN/Inf or bound travel to the agent.
     */
    @Override
    public RemoteDebugger debug(Map<String, Tensor> inputs) {
        if (debugger != null) {
            debugger.close();
        }
        debugger = new RemoteDebugger(agent, inputs);
        return debugger;
    }

    /** The value of that name: in the active debug run (any intermediate so far), else an output of the last run. */
    public Tensor fetch(String name) {
        return RemoteDebugger.fetch(agent, name);
    }

    /** Device state now: frequencies, thermal zones, battery. */
    public Map<String, String> deviceState() {
        try {
            return AgentMain.readMap(agent.request(AgentProtocol.STATE, AgentProtocol.STATE_REPLY, "device state", b -> { }));
        } catch (IOException e) {
            throw agent.malformed("device state", e);
        }
    }

    public String serial() {
        return agent.serial();
    }

    @Override
    public String backendName() {
        return backend;
    }

    /** Backends the agent offers on this device. */
    public List<String> agentBackends() {
        return agent.backends();
    }

    /** The agent's release and runtime (VM name and version). */
    public String agentDescription() {
        return agent.description();
    }

    /** How this host reaches the agent. */
    public AgentTransport transport() {
        return transport;
    }

    @Override
    public List<String> inputNames() {
        return Collections.unmodifiableList(inputNames);
    }

    @Override
    public List<String> outputNames() {
        return Collections.unmodifiableList(outputNames);
    }

    /** Device paths pushed when this session opened (empty when agent and model were cached). */
    public List<String> pushedFiles() {
        return pushed;
    }

    /** Asks the agent to quit and closes its stream (the agent's process ends with it). */
    @Override
    public void close() {
        agent.close();
    }
}
