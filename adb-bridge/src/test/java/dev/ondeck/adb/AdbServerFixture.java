package dev.ondeck.adb;

import dev.ondeck.adb.host.AdbClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real adb server started hermetically for tests: a private port, a temporary HOME and
 * ANDROID_ADB_LOG_PATH, and ADB_MDNS=0 ADB_USB=0 ADB_EMU=0. Without adb installed the tests skip, except
 * under CI=true, where they fail.
 */
public final class AdbServerFixture implements AutoCloseable {
    private final Path home;
    private final int port;

    private AdbServerFixture(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Skips (or fails under CI=true) when no adb binary is installed. */
    public static String adbOrSkip() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "adb");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String msg = "adb is not installed (apt-get install adb): skipping the tests against a real adb server";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(msg.replace("skipping", "CI=true requires"));
        }
        Assumptions.assumeTrue(false, msg);
        return null;
    }

    public static AdbServerFixture start() throws IOException, InterruptedException {
        adbOrSkip();
        Path home = Files.createTempDirectory("ondeck-adb-home-");
        AdbServerFixture f = new AdbServerFixture(home, freePort());
        f.adb("start-server");
        f.client().serverVersion();
        return f;
    }

    /** A free loopback port outside 5555-5585. */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                int p = s.getLocalPort();
                if (p < 5555 || p > 5585) {
                    return p;
                }
            }
        }
    }

    public int port() {
        return port;
    }

    public AdbClient client() {
        return new AdbClient("127.0.0.1", port);
    }

    /** Runs the adb CLI against this server; returns stdout+stderr, failing on a non-zero exit. */
    public String adb(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("adb");
        cmd.add("-P");
        cmd.add(Integer.toString(port));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb.environment());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("adb " + String.join(" ", args) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("adb " + String.join(" ", args) + " exited with " + p.exitValue() + ": " + text);
        }
        return text;
    }

    /** The hermetic environment for adb processes (and for children that must find this server). */
    public void environment(Map<String, String> env) {
        env.put("HOME", home.toString());
        env.put("ANDROID_ADB_LOG_PATH", home.resolve("adb.log").toString());
        env.put("ANDROID_ADB_SERVER_PORT", Integer.toString(port));
        env.remove("ADB_SERVER_SOCKET");
        env.put("ADB_MDNS", "0");
        env.put("ADB_USB", "0");
        env.put("ADB_EMU", "0");
        env.put("TMPDIR", home.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            adb("kill-server");
        } catch (IOException e) {
            // already gone
        }
        try (var walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
