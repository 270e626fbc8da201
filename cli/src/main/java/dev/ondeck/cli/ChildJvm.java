package dev.ondeck.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code ondeck ARGS} in a fresh JVM with this one's class path, Vector API module, heap limit and
 * {@code -D} settings, in another working folder (a notebook's, as Jupyter starts kernels), copying its output.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Runs the command and returns its exit code. */
    static int run(List<String> ondeckArgs, Path workingDir, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-D") || a.startsWith("-Xmx") || a.startsWith("-Xss")) {
                cmd.add(a);
            }
        }
        if (ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent()) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        cmd.add("-Djava.awt.headless=true");
        for (String p : List.of("ondeck.root", "ondeck.shared")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", absoluteClassPath(), Ondeck.class.getName()));
        cmd.addAll(ondeckArgs);
        Process p = new ProcessBuilder(cmd).directory(workingDir.toFile()).start();
        p.getOutputStream().close();
        Thread copyErr = Thread.ofPlatform().daemon().start(() -> copy(p.getErrorStream(), err));
        copy(p.getInputStream(), out);
        int code = p.waitFor();
        copyErr.join();
        return code;
    }

    private static String absoluteClassPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    private static void copy(InputStream in, PrintWriter to) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                synchronized (to) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
