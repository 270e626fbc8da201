package dev.ondeck.kernel.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The contents of a Jupyter connection file: transport, address, one port per channel and the signing key.
 *
 * @param transport      {@code tcp} or {@code ipc}
 * @param ip             address to bind
 * @param shellPort      shell channel port
 * @param controlPort    control channel port
 * @param iopubPort      iopub channel port
 * @param stdinPort      stdin channel port
 * @param hbPort         heartbeat port
 * @param key            HMAC key (empty: messages are not signed)
 * @param signatureScheme only {@code hmac-sha256} is supported
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int iopubPort,
                             int stdinPort, int hbPort, String key, String signatureScheme) {

    /** Reads a connection file written by a Jupyter front end. */
    public static ConnectionInfo read(Path file) throws IOException {
        Map<String, Object> m = Json.parseObject(Files.readString(file));
        return new ConnectionInfo(
                (String) m.getOrDefault("transport", "tcp"),
                (String) m.getOrDefault("ip", "127.0.0.1"),
                port(m, "shell_port"), port(m, "control_port"), port(m, "iopub_port"),
                port(m, "stdin_port"), port(m, "hb_port"),
                (String) m.getOrDefault("key", ""),
                (String) m.getOrDefault("signature_scheme", "hmac-sha256"));
    }

    private static int port(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("connection file has no numeric " + name + ": " + v);
        }
        return n.intValue();
    }

    /** The ZeroMQ endpoint for one port, e.g. {@code tcp://127.0.0.1:5555}. */
    public String endpoint(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
