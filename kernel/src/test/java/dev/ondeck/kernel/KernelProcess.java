package dev.ondeck.kernel;

import dev.ondeck.kernel.install.KernelSpec;
import dev.ondeck.kernel.protocol.Json;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A kernel started as a child JVM from the module's built classes, as a front end would start it. */
final class KernelProcess implements AutoCloseable {
    final Process process;
    final Map<String, Object> connection;
    final Path dir;

    private KernelProcess(Process process, Map<String, Object> connection, Path dir) {
        this.process = process;
        this.connection = connection;
        this.dir = dir;
    }

    /** The class path a kernel launch needs: target/classes plus target/lib (copied at process-classes). */
    static List<String> launchClasspath() {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        List<String> cp = new ArrayList<>();
        cp.add(target.resolve("classes").toString());
        File[] jars = target.resolve("lib").toFile().listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null) {
            throw new IllegalStateException("no " + target.resolve("lib") + ": run the build through Maven");
        }
        for (File j : jars) {
            cp.add(j.getAbsolutePath());
        }
        return cp;
    }

    /** A kernelspec named {@code name} for the built classes and this JVM. */
    static KernelSpec spec(String name) {
        return new KernelSpec(name, "Java (Ondeck, test)", Path.of(System.getProperty("java.home"), "bin", "java"),
                launchClasspath());
    }

    /** Starts a kernel with a fresh Jupyter data directory (so a history of its own). */
    static KernelProcess start() throws IOException {
        Path dir = Files.createTempDirectory("ondeck-kernel-test");
        return start(dir, dir.resolve("data"));
    }

    /** Starts a kernel whose connection file and log are in {@code dir}, with {@code dataDir} as JUPYTER_DATA_DIR. */
    static KernelProcess start(Path dir, Path dataDir) throws IOException {
        Map<String, Object> conn = new LinkedHashMap<>();
        conn.put("transport", "tcp");
        conn.put("ip", "127.0.0.1");
        for (String p : List.of("shell_port", "control_port", "iopub_port", "stdin_port", "hb_port")) {
            try (ServerSocket s = new ServerSocket(0)) {
                conn.put(p, s.getLocalPort());
            }
        }
        conn.put("key", UUID.randomUUID().toString());
        conn.put("signature_scheme", "hmac-sha256");
        Path file = dir.resolve("connection.json");
        Files.writeString(file, Json.write(conn));
        @SuppressWarnings("unchecked")
        List<String> argv = new ArrayList<>((List<String>) spec("test").kernelJson(dir).get("argv"));
        argv.replaceAll(a -> a.equals("{connection_file}") ? file.toString() : a);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kernel.log").toFile());
        pb.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
        Process p = pb.start();
        return new KernelProcess(p, conn, dir);
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("kernel.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
