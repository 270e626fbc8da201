package dev.ondeck.adb;

import dev.ondeck.adb.agent.AgentMain;
import dev.ondeck.adb.agent.AgentProtocol;
import dev.ondeck.adb.host.DeviceLostException;
import dev.ondeck.adb.host.ShellProcess;
import dev.ondeck.engine.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A model loaded by the agent on a device: {@link #run}, {@link #profile}, step-wise debugging and
 * {@link #fetch}, with the same inputs and outputs as a local {@code Session}. Calls are serialised; a lost
 * device surfaces as {@link DeviceLostException}, an agent error as {@link AgentException}.
 */
public final class RemoteSession implements AutoCloseable {
    private final String serial;
    private String backend;
    private final ShellProcess shell;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final List<String> agentBackends = new ArrayList<>();
    private final List<String> inputNames = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<String> pushed;
    private String agentRelease;
    private String agentRuntime;
    private boolean closed;

    RemoteSession(String serial, ShellProcess shell, String remoteModel, String backend, List<String> pushed) {
        this.serial = serial;
        this.backend = backend;
        this.shell = shell;
        this.pushed = Collections.unmodifiableList(new ArrayList<>(pushed));
        this.in = new DataInputStream(new BufferedInputStream(shell.stdout(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(shell.stdin(), 32 * 1024));
        try {
            handshake();
            if (this.backend == null) {
                this.backend = agentBackends.contains("cpu-portable") || agentBackends.isEmpty() ? "cpu-portable" : agentBackends.get(0);
            }
            String chosen = this.backend;
            DataInputStream loaded = request(AgentProtocol.LOAD, AgentProtocol.LOADED, d -> {
                AgentProtocol.writeString(d, remoteModel);
                AgentProtocol.writeString(d, chosen);
            });
            readNames(loaded, inputNames);
            readNames(loaded, outputNames);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e instanceof RuntimeException ? (RuntimeException) e : new DeviceLostException(serial, "agent start", e);
        }
    }

    private static void readNames(DataInputStream d, List<String> into) throws IOException {
        int n = d.readInt();
        for (int i = 0; i < n; i++) {
            into.add(AgentProtocol.readString(d));
        }
    }

    private void handshake() throws IOException {
        AgentProtocol.Frame hello = readFrame("agent start");
        checkHello(hello, serial);
        DataInputStream d = hello.body();
        d.readInt();
        d.readInt();
        agentRelease = AgentProtocol.readString(d);
        agentRuntime = AgentProtocol.readString(d);
        readNames(d, agentBackends);
    }

    /** Refuses a HELLO of another protocol version, naming both versions. */
    static void checkHello(AgentProtocol.Frame hello, String serial) throws IOException {
        DataInputStream d = hello.body();
        if (hello.type != AgentProtocol.HELLO || d.readInt() != AgentProtocol.MAGIC) {
            throw new AgentException(serial, "protocol", "the agent did not start with HELLO; is ondeck-agent.jar intact?");
        }
        int version = d.readInt();
        String release = AgentProtocol.readString(d);
        if (version != AgentProtocol.VERSION) {
            throw new AgentVersionException(version, release, AgentProtocol.VERSION);
        }
    }

    private interface Body {
        void write(DataOutputStream d) throws IOException;
    }

    private synchronized DataInputStream request(int type, int expected, Body body) {
        String op = opName(type);
        if (closed) {
            throw new IllegalStateException("remote session on " + serial + " is closed");
        }
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            body.write(new DataOutputStream(b));
            AgentProtocol.write(out, type, b.toByteArray());
        } catch (IOException e) {
            throw new DeviceLostException(serial, op, e);
        }
        AgentProtocol.Frame f = readFrame(op);
        try {
            if (f.type == AgentProtocol.ERROR) {
                DataInputStream d = f.body();
                throw new AgentException(serial, AgentProtocol.readString(d), AgentProtocol.readString(d));
            }
            if (f.type != expected) {
                throw new AgentException(serial, "protocol", "expected reply " + expected + " to " + op + ", found " + f.type);
            }
        } catch (IOException e) {
            throw new AgentException(serial, "protocol", "malformed reply to " + op + ": " + e.getMessage());
        }
        return f.body();
    }

    private AgentProtocol.Frame readFrame(String op) {
        try {
            return AgentProtocol.read(in);
        } catch (EOFException e) {
            throw new AgentException(serial, "exit", "the agent exited during " + op + " (code " + shell.exitCode() + "): "
                    + shell.stderrText().trim());
        } catch (DeviceLostException e) {
            throw new DeviceLostException(serial, op, e.getCause());
        } catch (IOException e) {
            throw new DeviceLostException(serial, op, e);
        }
    }

    private static String opName(int type) {
        switch (type) {
            case AgentProtocol.LOAD: return "load";
            case AgentProtocol.RUN: return "run";
            case AgentProtocol.PROFILE: return "profile";
            case AgentProtocol.DEBUG_START: case AgentProtocol.STEP: return "debug";
            case AgentProtocol.FETCH: return "fetch";
            default: return "device state";
        }
    }

    private static RuntimeException wrap(String serial, String op, IOException e) {
        return new AgentException(serial, "protocol", "malformed reply to " + op + ": " + e.getMessage());
    }

    /** Runs the model on the device; outputs by name in the model's order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        DataInputStream d = request(AgentProtocol.RUN, AgentProtocol.RESULT, b -> AgentProtocol.writeTensors(b, inputs));
        try {
            return AgentProtocol.readTensors(d);
        } catch (IOException e) {
            throw wrap(serial, "run", e);
        }
    }

    /** Profiles on the device, per node as locally, with the device state before and after. */
    public RemoteProfile profile(Map<String, Tensor> inputs, int warmup, int runs) {
        DataInputStream d = request(AgentProtocol.PROFILE, AgentProtocol.PROFILED, b -> {
            b.writeInt(warmup);
            b.writeInt(runs);
            AgentProtocol.writeTensors(b, inputs);
        });
        try {
            String json = AgentProtocol.readString(d);
            String table = AgentProtocol.readString(d);
            long median = d.readLong();
            return new RemoteProfile(serial, json, table, median, AgentMain.readMap(d), AgentMain.readMap(d));
        } catch (IOException e) {
            throw wrap(serial, "profile", e);
        }
    }

    /** Starts a step-wise run; returns the index of the next node (the first). */
    public int debugStart(Map<String, Tensor> inputs) {
        return stepped(request(AgentProtocol.DEBUG_START, AgentProtocol.STEPPED, b -> AgentProtocol.writeTensors(b, inputs)));
    }

    /** Executes up to {@code nodes} nodes; returns the next node's index (the node count when done). */
    public int step(int nodes) {
        return stepped(request(AgentProtocol.STEP, AgentProtocol.STEPPED, b -> b.writeInt(nodes)));
    }

    private int stepped(DataInputStream d) {
        try {
            return d.readInt();
        } catch (IOException e) {
            throw wrap(serial, "debug", e);
        }
    }

    /** A value of the debug run (any intermediate computed so far), else an output of the last run. */
    public Tensor fetch(String name) {
        DataInputStream d = request(AgentProtocol.FETCH, AgentProtocol.TENSOR, b -> AgentProtocol.writeString(b, name));
        try {
            Map<String, Tensor> m = new java.util.LinkedHashMap<>();
            AgentProtocol.readTensor(d, m);
            return m.get(name);
        } catch (IOException e) {
            throw wrap(serial, "fetch", e);
        }
    }

    /** Device state now: frequencies, thermal zones, battery. */
    public Map<String, String> deviceState() {
        try {
            return AgentMain.readMap(request(AgentProtocol.STATE, AgentProtocol.STATE_REPLY, b -> { }));
        } catch (IOException e) {
            throw wrap(serial, "device state", e);
        }
    }

    public String serial() {
        return serial;
    }

    public String backend() {
        return backend;
    }

    /** Backends the agent offers on this device. */
    public List<String> agentBackends() {
        return Collections.unmodifiableList(agentBackends);
    }

    /** The agent's release and runtime (VM name and version). */
    public String agentDescription() {
        return "ondeck-agent " + agentRelease + " on " + agentRuntime;
    }

    public List<String> inputNames() {
        return Collections.unmodifiableList(inputNames);
    }

    public List<String> outputNames() {
        return Collections.unmodifiableList(outputNames);
    }

    /** Device paths pushed when this session opened (empty when agent and model were cached). */
    public List<String> pushedFiles() {
        return pushed;
    }

    /** Asks the agent to quit and closes the stream (the agent's process ends with it). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            AgentProtocol.write(out, AgentProtocol.QUIT, new byte[0]);
            shell.closeStdin();
            AgentProtocol.read(in);
        } catch (IOException | RuntimeException e) {
            // the device or agent is already gone; closing the stream below is all that is left
        }
        closeQuietly();
    }

    private void closeQuietly() {
        closed = true;
        try {
            shell.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
