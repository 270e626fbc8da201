package dev.ondeck.adb.virtual;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated Android device (the adbd side) that a real adb server accepts through
 * {@code adb connect 127.0.0.1:PORT}. It listens on loopback only, never sends AUTH or STLS, advertises
 * {@code shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir}, forwards {@code tcp:} both ways, keeps its files in a sandbox folder, and runs
 * {@code app_process} in child JVMs. {@link #close()} stops every thread and child process and deletes the sandbox.
 */
public final class VirtualDevice implements AutoCloseable {
    /** Features advertised in the CNXN banner (no delayed_ack or sendrecv_v2: see the protocol notes). */
    public static final String FEATURES = "shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir";
    private final String name;
    private final int cores;
    private final Sandbox sandbox;
    private final ServerSocket server;
    private final Map<String, String> properties;
    private final ShellCommands commands;
    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong childInputBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private volatile boolean unauthorized;
    private volatile boolean offline;

    private VirtualDevice(String name, int cores, int port, Path root) throws IOException {
        this.name = name;
        this.cores = cores;
        this.sandbox = new Sandbox(root);
        sandbox.populate(cores);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.properties = buildProperties(name, cores, server.getLocalPort());
        this.commands = new ShellCommands(this, sandbox);
    }

    /**
     * Starts a device on 127.0.0.1:{@code port} (0 picks a free port; keep clear of 5555-5585, which adb's
     * emulator scan claims) with {@code cores} simulated CPUs and its file system in a new temporary folder.
     */
    public static VirtualDevice start(String name, int port, int cores) throws IOException {
        if (cores < 1 || cores > 64) {
            throw new IllegalArgumentException("cores must be from 1 to 64, found " + cores);
        }
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("name must use letters, digits, '_', '.' or '-', found '" + name + "'");
        }
        Path root = Files.createTempDirectory("ondeck-vdev-" + name + "-");
        VirtualDevice d;
        try {
            d = new VirtualDevice(name, cores, port, root);
        } catch (IOException | RuntimeException e) {
            new Sandbox(root).delete();
            throw e;
        }
        d.startThread("accept", d::acceptLoop);
        return d;
    }

    private static Map<String, String> buildProperties(String name, int cores, int port) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ro.product.name", "ondeck_virtual");
        p.put("ro.product.model", name);
        p.put("ro.product.device", "ondeck");
        p.put("ro.product.manufacturer", "Ondeck");
        p.put("ro.product.cpu.abi", "x86_64");
        p.put("ro.product.cpu.abilist", "x86_64");
        p.put("ro.build.version.sdk", "34");
        p.put("ro.build.version.release", "14");
        p.put("ro.serialno", name + "-" + port);
        p.put("ro.ondeck.virtual", "1");
        p.put("ro.ondeck.cores", Integer.toString(cores));
        return Collections.unmodifiableMap(p);
    }

    /** The loopback port the device listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** The address for {@code adb connect}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public String name() {
        return name;
    }

    public int cores() {
        return cores;
    }

    /** The host folder holding the device's file system. */
    public Path root() {
        return sandbox.root();
    }

    /** The simulated system properties ({@code getprop}). */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Makes the device answer each new connection with an AUTH token and never accept a signature, as a phone
     * whose user has not allowed USB debugging: the server lists it as {@code unauthorized}.
     */
    public void refuseAuthorization(boolean refuse) {
        this.unauthorized = refuse;
    }

    boolean refusesAuthorization() {
        return unauthorized;
    }

    /**
     * Makes the device accept connections but never answer the server's CNXN, as a phone whose adbd hangs:
     * the server lists it as {@code offline} (or {@code connecting}) and cannot use it.
     */
    public void stayOffline(boolean offline) {
        this.offline = offline;
    }

    boolean staysOffline() {
        return offline;
    }

    /** Child processes started by {@code app_process} and still running. */
    public int liveChildren() {
        return children.size();
    }

    /** Bytes passed to the stdin of app_process children so far (requests reaching the agent). */
    public long childInputBytes() {
        return childInputBytes.get();
    }

    void countChildInput(int n) {
        childInputBytes.addAndGet(n);
    }

    String banner() {
        return "device::ro.product.name=" + properties.get("ro.product.name") + ";ro.product.model=" + name
                + ";ro.product.device=" + properties.get("ro.product.device") + ";features=" + FEATURES;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Transport t = new Transport(this, s);
                transports.add(t);
                startThread("transport", t);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** The service behind an OPEN, or null to refuse it. */
    DeviceService service(String spec) {
        if (spec.startsWith("shell,") || spec.startsWith("shell:")) {
            int colon = spec.indexOf(':');
            boolean v2 = spec.substring(0, colon).contains("v2");
            return new ShellService(commands, spec.substring(colon + 1), v2);
        }
        if (spec.startsWith("exec:")) {
            return new ShellService(commands, spec.substring(5), false);
        }
        if (spec.startsWith("reverse:")) {
            return new ReverseService(spec.substring(8));
        }
        if (spec.equals("sync:")) {
            return new SyncService(sandbox);
        }
        if (spec.startsWith("tcp:")) {
            String[] parts = spec.substring(4).split(":");
            try {
                int port = Integer.parseInt(parts[0]);
                return new TcpService(this, parts.length > 1 ? parts[1] : "127.0.0.1", port);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    Thread startThread(String what, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, "vdev-" + name + "-" + what);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    void transportEnded(Transport t) {
        transports.remove(t);
    }

    void childStarted(Process p) {
        children.add(p);
        if (closed) {
            AppProcess.kill(p);
        }
    }

    void childEnded(Process p) {
        children.remove(p);
    }

    /** Stops listening, drops every connection, kills child processes, joins threads, deletes the sandbox. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        for (Transport t : transports) {
            t.shutdown();
        }
        for (Process p : children) {
            AppProcess.kill(p);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                t.interrupt();
                try {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        sandbox.delete();
    }
}
