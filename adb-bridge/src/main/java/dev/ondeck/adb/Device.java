package dev.ondeck.adb;

import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.AdbException;
import dev.ondeck.adb.host.DeviceEntry;
import dev.ondeck.adb.host.DeviceFacts;
import dev.ondeck.adb.host.DeviceUnavailableException;
import dev.ondeck.adb.host.FileStat;
import dev.ondeck.adb.host.SyncClient;
import dev.ondeck.adb.host.TransferListener;
import dev.ondeck.engine.Model;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * One device behind the adb server: facts, push/pull, and {@link #newSession} to run a model there.
 * The agent jar and models are pushed once to {@code /data/local/tmp/ondeck/}, named by content hash.
 */
public final class Device {
    /** Where the agent and models live on the device. */
    public static final String REMOTE_DIR = "/data/local/tmp/ondeck";
    private static final String AGENT_RESOURCE = "/dev/ondeck/adb/ondeck-agent.jar";
    private static final String AGENT_MAIN = "dev.ondeck.adb.agent.AgentMain";
    private final AdbClient adb;
    private final DeviceEntry entry;

    Device(AdbClient adb, DeviceEntry entry) {
        this.adb = adb;
        this.entry = entry;
    }

    public String serial() {
        return entry.serial();
    }

    /** The model name the device reports ({@code adb devices -l}). */
    public String model() {
        return entry.model();
    }

    public String state() {
        return entry.state();
    }

    public DeviceEntry entry() {
        return entry;
    }

    public AdbClient adb() {
        return adb;
    }

    /** Properties, CPU cores and frequencies, temperatures. */
    public DeviceFacts facts() {
        requireOnline();
        return DeviceFacts.read(adb, serial());
    }

    private void requireOnline() {
        if (!entry.isOnline()) {
            throw new DeviceUnavailableException(serial(), entry.state(), null);
        }
    }

    /** Pushes a local file (64 KiB chunks, progress after each). */
    public void push(Path local, String remote, TransferListener listener) {
        requireOnline();
        try (SyncClient sync = adb.sync(serial())) {
            sync.push(local, remote, 0644, listener);
        }
    }

    /** Pulls a device file. */
    public void pull(String remote, Path local, TransferListener listener) {
        requireOnline();
        try (SyncClient sync = adb.sync(serial())) {
            if (!sync.stat(remote).exists()) {
                throw new AdbException("no file " + remote + " on device '" + serial() + "'");
            }
            sync.pull(remote, local, listener);
        }
    }

    /**
     * Loads {@code model} into the agent on this device with a backend the agent offers (e.g. cpu-ref), over
     * the agent's stdin/stdout: the device's counterpart of {@code model.newSession(backend)}.
     */
    public RemoteSession newSession(Model model, String backend) {
        return newSession(model, backend, AgentTransport.STDIO);
    }

    /** As {@link #newSession(Model, String)}, reaching the agent by {@code transport}. */
    public RemoteSession newSession(Model model, String backend, AgentTransport transport) {
        if (model.path() == null) {
            throw new AdbException("model has no file to push; save it to a .onnx file first");
        }
        return newSession(model.path(), backend, transport);
    }

    /** Loads a model file into the agent on this device; a null backend picks the agent's best (cpu-portable, else the first offered). */
    public RemoteSession newSession(Path modelFile, String backend) {
        return newSession(modelFile, backend, AgentTransport.STDIO);
    }

    /** As {@link #newSession(Path, String)}, reaching the agent by {@code transport}. */
    public RemoteSession newSession(Path modelFile, String backend, AgentTransport transport) {
        requireOnline();
        byte[] agent = agentJar();
        byte[] modelBytes;
        try {
            modelBytes = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new AdbException("cannot read model " + modelFile + ": " + e.getMessage(), e);
        }
        String agentPath = REMOTE_DIR + "/agent-" + hash(agent) + ".jar";
        String modelPath = REMOTE_DIR + "/models/" + hash(modelBytes) + ".onnx";
        List<String> pushed = new ArrayList<>();
        try (SyncClient sync = adb.sync(serial())) {
            pushIfMissing(sync, agent, agentPath, pushed);
            pushIfMissing(sync, modelBytes, modelPath, pushed);
        }
        String cmd = "CLASSPATH=" + agentPath + " app_process / " + AGENT_MAIN;
        return new RemoteSession(AgentChannel.open(adb, serial(), cmd, transport), modelPath,
                modelFile.getFileName().toString(), backend, pushed, transport);
    }

    private static void pushIfMissing(SyncClient sync, byte[] data, String remote, List<String> pushed) {
        FileStat st = sync.stat(remote);
        if (st.exists() && st.size() == data.length) {
            return;
        }
        sync.push(new ByteArrayInputStream(data), data.length, remote, 0644, System.currentTimeMillis() / 1000, TransferListener.NONE);
        pushed.add(remote);
    }

    /** The agent jar built with this module (dex + class files). */
    static byte[] agentJar() {
        try (InputStream in = Device.class.getResourceAsStream(AGENT_RESOURCE)) {
            if (in == null) {
                throw new AdbException("ondeck-agent.jar is missing from the class path (" + AGENT_RESOURCE + "); rebuild adb-bridge");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AdbException("cannot read ondeck-agent.jar: " + e.getMessage(), e);
        }
    }

    /** First 16 hex digits of the SHA-256 of the content. */
    static String hash(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", d[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return entry.toString();
    }
}
