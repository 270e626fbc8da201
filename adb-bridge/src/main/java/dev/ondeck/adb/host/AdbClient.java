package dev.ondeck.adb.host;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Client of a running adb server (the real component): host services, transport selection and the device
 * services shell v2, exec, sync and forwarding. Each call opens its own connection; the client is thread-safe.
 */
public final class AdbClient {
    /** The adb server's default port. */
    public static final int DEFAULT_PORT = 5037;
    private final String host;
    private final int port;

    public AdbClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The server address per adb's conventions: ADB_SERVER_SOCKET=tcp:HOST:PORT, else ANDROID_ADB_SERVER_PORT. */
    public static AdbClient fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static AdbClient fromEnvironment(Map<String, String> env) {
        String socket = env.get("ADB_SERVER_SOCKET");
        if (socket != null && !socket.isEmpty()) {
            if (!socket.startsWith("tcp:")) {
                throw new AdbException("ADB_SERVER_SOCKET must look like tcp:HOST:PORT or tcp:PORT, found '" + socket + "'");
            }
            String rest = socket.substring(4);
            int c = rest.lastIndexOf(':');
            String h = c < 0 ? "localhost" : rest.substring(0, c);
            return new AdbClient(h, parsePort(rest.substring(c + 1), "ADB_SERVER_SOCKET"));
        }
        String p = env.get("ANDROID_ADB_SERVER_PORT");
        if (p != null && !p.isEmpty()) {
            return new AdbClient("localhost", parsePort(p, "ANDROID_ADB_SERVER_PORT"));
        }
        return new AdbClient("localhost", DEFAULT_PORT);
    }

    private static int parsePort(String s, String var) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AdbException(var + " must give a port from 1 to 65535, found '" + s + "'");
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    AdbSocket open() {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 5000);
            return new AdbSocket(s);
        } catch (ConnectException e) {
            closeQuietly(s);
            throw new NoAdbServerException(host + ":" + port, e);
        } catch (IOException e) {
            closeQuietly(s);
            throw new AdbException("cannot reach the adb server at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to release beyond the socket
        }
    }

    /** Sends one host request and returns the hex4-framed reply. */
    private String hostQuery(String request) {
        try (AdbSocket s = open()) {
            s.send(request);
            s.expectOkay();
            return s.readHex4String();
        } catch (AdbSocket.ServerFailure e) {
            throw new AdbException("adb server refused '" + request + "': " + e.getMessage());
        } catch (IOException e) {
            throw new AdbException("adb server request '" + request + "' failed: " + e.getMessage(), e);
        }
    }

    /** The server's protocol version (41 for adb 29.x). */
    public int serverVersion() {
        return Integer.parseInt(hostQuery("host:version"), 16);
    }

    /** Every device the server knows, with properties ({@code adb devices -l}). */
    public List<DeviceEntry> devices() {
        return parseDevices(hostQuery("host:devices-l"));
    }

    static List<DeviceEntry> parseDevices(String text) {
        List<DeviceEntry> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.trim().isEmpty()) {
                list.add(DeviceEntry.parse(line));
            }
        }
        return list;
    }

    /**
     * Follows {@code host:track-devices} on a daemon thread, calling {@code listener} with the full list on
     * every change (the first call is the current list). Close the handle to stop.
     */
    public AutoCloseable trackDevices(Consumer<List<DeviceEntry>> listener) {
        AdbSocket s = open();
        try {
            s.send("host:track-devices");
            s.expectOkay();
        } catch (IOException e) {
            closeQuietly(s);
            throw new AdbException("track-devices failed: " + e.getMessage(), e);
        }
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    listener.accept(parseDevices(s.readHex4String()));
                }
            } catch (IOException e) {
                // closed by the caller or the server
            }
        }, "adb-track-devices");
        t.setDaemon(true);
        t.start();
        return () -> {
            closeQuietly(s);
            t.join(5000);
        };
    }

    private static void closeQuietly(AdbSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to release beyond the socket
        }
    }

    /** {@code adb connect HOST:PORT}; throws when the server's text reports a failure. */
    public String connect(String hostPort) {
        String reply = hostQuery("host:connect:" + hostPort);
        if (reply.startsWith("failed") || reply.startsWith("unable") || reply.startsWith("cannot")) {
            throw new AdbException("adb connect " + hostPort + ": " + reply.trim());
        }
        return reply.trim();
    }

    /** {@code adb disconnect HOST:PORT}. */
    public String disconnect(String hostPort) {
        return hostQuery("host:disconnect:" + hostPort).trim();
    }

    /** Asks the server to exit. */
    public void killServer() {
        try (AdbSocket s = open()) {
            s.send("host:kill");
            s.expectOkay();
        } catch (IOException e) {
            throw new AdbException("kill-server failed: " + e.getMessage(), e);
        }
    }

    /** The state of one device (device, offline, unauthorized, ...). */
    public String state(String serial) {
        return hostQuery("host-serial:" + serial + ":get-state");
    }

    /** The features both the server and the device have. */
    public String features(String serial) {
        return hostQuery("host-serial:" + serial + ":features");
    }

    /**
     * Opens a device service through the server: selects the transport ({@code serial} null means the only
     * device), then sends the service; after both OKAYs the socket is a raw stream to the device.
     */
    AdbSocket openService(String serial, String service) {
        AdbSocket s = open();
        try {
            s.send(serial == null ? "host:transport-any" : "host:transport:" + serial);
            try {
                s.expectOkay();
            } catch (AdbSocket.ServerFailure e) {
                throw transportError(serial, e.getMessage());
            }
            s.send(service);
            try {
                s.expectOkay();
            } catch (AdbSocket.ServerFailure e) {
                throw new AdbException("device " + (serial == null ? "" : "'" + serial + "' ")
                        + "refused service '" + service + "': " + e.getMessage());
            }
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw new DeviceLostException(serial == null ? "(any)" : serial, "open " + service, e);
        } catch (RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    static AdbException transportError(String serial, String msg) {
        String m = msg.toLowerCase();
        if (m.contains("unauthorized")) {
            return new DeviceUnavailableException(serial, "unauthorized", msg);
        }
        if (m.contains("offline")) {
            return new DeviceUnavailableException(serial, "offline", msg);
        }
        if (m.contains("more than one")) {
            return new DeviceUnavailableException(serial, "ambiguous", msg);
        }
        if (m.contains("not found") || m.contains("no devices")) {
            return new DeviceUnavailableException(serial, "not found", msg);
        }
        return new AdbException("cannot select device " + serial + ": " + msg);
    }

    /** Starts a shell v2 command; stdout, stderr, stdin and the exit code are separate. */
    public ShellProcess startShell(String serial, String command) {
        return new ShellProcess(serial, command, openService(serial, "shell,v2,raw:" + command));
    }

    /** Runs a shell v2 command with the given stdin (may be empty) and waits for its exit. */
    public ShellResult shell(String serial, String command, byte[] stdin) {
        try (ShellProcess p = startShell(serial, command)) {
            if (stdin.length > 0) {
                p.stdin().write(stdin);
            }
            p.closeStdin();
            return p.collect();
        } catch (IOException e) {
            throw new DeviceLostException(serial, "shell " + command, e);
        }
    }

    /** Runs a shell v2 command without input. */
    public ShellResult shell(String serial, String command) {
        return shell(serial, command, new byte[0]);
    }

    /** {@code exec:} a command and return its raw, binary-clean stdout. */
    public byte[] exec(String serial, String command) {
        try (AdbSocket s = openService(serial, "exec:" + command)) {
            return s.in().readAllBytes();
        } catch (IOException e) {
            throw new DeviceLostException(serial, "exec " + command, e);
        }
    }

    /** Opens a sync session (stat, list, push, pull). */
    public SyncClient sync(String serial) {
        return new SyncClient(serial, openService(serial, "sync:"));
    }

    /** Forwards a host socket to a device socket; returns the host port (useful with {@code tcp:0}). */
    public int forward(String serial, String local, String remote) {
        try (AdbSocket s = open()) {
            s.send("host-serial:" + serial + ":forward:" + local + ";" + remote);
            s.expectOkay();
            s.expectOkay();
            return readPort(s, local);
        } catch (AdbSocket.ServerFailure e) {
            throw transportOrForwardError(serial, e.getMessage());
        } catch (IOException e) {
            throw new AdbException("forward " + local + " " + remote + " failed: " + e.getMessage(), e);
        }
    }

    private static AdbException transportOrForwardError(String serial, String msg) {
        AdbException t = transportError(serial, msg);
        return t instanceof DeviceUnavailableException ? t : new AdbException("forward failed: " + msg);
    }

    private static int readPort(AdbSocket s, String local) throws IOException {
        s.setTimeout(2000);
        try {
            return Integer.parseInt(s.readHex4String().trim());
        } catch (IOException | NumberFormatException e) {
            return local.startsWith("tcp:") ? Integer.parseInt(local.substring(4)) : -1;
        }
    }

    /** Removes one forward ({@code local} like tcp:PORT). */
    public void killForward(String serial, String local) {
        hostCommand("host-serial:" + serial + ":killforward:" + local);
    }

    /** Removes every forward of a device. */
    public void killForwardAll(String serial) {
        hostCommand("host-serial:" + serial + ":killforward-all");
    }

    /** Lines of {@code SERIAL LOCAL REMOTE} for every forward the server holds. */
    public List<String> listForward() {
        List<String> out = new ArrayList<>();
        for (String l : hostQuery("host:list-forward").split("\n")) {
            if (!l.trim().isEmpty()) {
                out.add(l.trim());
            }
        }
        return out;
    }

    private void hostCommand(String request) {
        try (AdbSocket s = open()) {
            s.send(request);
            s.expectOkay();
            s.expectOkay();
        } catch (IOException e) {
            throw new AdbException("'" + request + "' failed: " + e.getMessage(), e);
        }
    }

    /** Reverse forward: connections to {@code remote} on the device reach {@code local} on the host. */
    public int reverse(String serial, String remote, String local) {
        try (AdbSocket s = openService(serial, "reverse:forward:" + remote + ";" + local)) {
            s.expectOkay();
            return readPort(s, remote);
        } catch (IOException e) {
            throw new AdbException("reverse " + remote + " " + local + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes every reverse forward of a device. */
    public void killReverseAll(String serial) {
        try (AdbSocket s = openService(serial, "reverse:killforward-all")) {
            s.expectOkay();
        } catch (IOException e) {
            throw new AdbException("reverse --remove-all failed: " + e.getMessage(), e);
        }
    }

    /** The 8-byte little-endian transport id that {@code host:tport:serial:S} answers. */
    public long transportId(String serial) {
        try (AdbSocket s = open()) {
            s.send("host:tport:serial:" + serial);
            try {
                s.expectOkay();
            } catch (AdbSocket.ServerFailure e) {
                throw transportError(serial, e.getMessage());
            }
            byte[] b = new byte[8];
            s.in().readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (IOException e) {
            throw new AdbException("tport failed: " + e.getMessage(), e);
        }
    }
}
