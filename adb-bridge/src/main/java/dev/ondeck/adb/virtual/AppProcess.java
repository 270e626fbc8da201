package dev.ondeck.adb.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code CLASSPATH=JAR app_process [vm-options] DIR [--options] CLASS [args]}: runs the {@code .class} files of
 * a pushed jar in a child JVM, with stdin, stdout and stderr piped through the shell stream. The child sees
 * the sandbox root in {@code ONDECK_DEVICE_ROOT} (where its /sys and /proc are) and is killed when the
 * stream or the device goes away.
 */
final class AppProcess {
    private final VirtualDevice device;
    private final Sandbox sandbox;

    AppProcess(VirtualDevice device, Sandbox sandbox) {
        this.device = device;
        this.sandbox = sandbox;
    }

    int run(Map<String, String> env, List<String> args, InputStream stdin, OutputStream stdout, OutputStream stderr,
            DeviceStream stream) throws IOException {
        PrintStream err = new PrintStream(stderr, true, "UTF-8");
        String cp = env.get("CLASSPATH");
        int i = 0;
        List<String> vmOptions = new ArrayList<>();
        while (i < args.size() && args.get(i).startsWith("-")) {
            vmOptions.add(args.get(i++));
        }
        i++;
        while (i < args.size() && args.get(i).startsWith("--")) {
            i++;
        }
        if (cp == null || i >= args.size()) {
            err.println("Usage: CLASSPATH=JAR app_process [vm-options] cmd-dir [options] start-class-name [main-options]");
            return 1;
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : vmOptions) {
            if (o.startsWith("-D") || o.startsWith("-Xmx")) {
                command.add(o);
            }
        }
        StringBuilder hostCp = new StringBuilder();
        for (String entry : cp.split(":")) {
            Path p = sandbox.resolve(entry);
            if (!Files.isRegularFile(p)) {
                err.println("app_process: class path entry " + entry + " not found");
                return 1;
            }
            hostCp.append(hostCp.length() == 0 ? "" : java.io.File.pathSeparator).append(p);
        }
        command.add("-cp");
        command.add(hostCp.toString());
        command.addAll(args.subList(i, args.size()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(sandbox.root().toFile());
        pb.environment().put("ONDECK_DEVICE_ROOT", sandbox.root().toString());
        pb.environment().put("ONDECK_DEVICE_CORES", Integer.toString(device.cores()));
        Process child = pb.start();
        device.childStarted(child);
        Thread in = device.startThread("app-stdin", () -> pumpStdin(stdin, child, stream, device));
        Thread errPump = device.startThread("app-stderr", () -> pump(child.getErrorStream(), stderr));
        try {
            pump(child.getInputStream(), stdout);
            errPump.join(5000);
            child.waitFor();
            return child.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            kill(child);
            device.childEnded(child);
            in.interrupt();
        }
    }

    private static void pumpStdin(InputStream stdin, Process child, DeviceStream stream, VirtualDevice device) {
        byte[] buf = new byte[64 * 1024];
        try (OutputStream to = child.getOutputStream()) {
            int n;
            while ((n = stdin.read(buf)) > 0) {
                to.write(buf, 0, n);
                to.flush();
                device.countChildInput(n);
            }
        } catch (IOException e) {
            // the child exited or the stream ended
        }
        if (stream.isClosed()) {
            kill(child);
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = from.read(buf)) > 0) {
                to.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the host went away: the caller kills the child
        }
    }

    static void kill(Process child) {
        child.destroyForcibly();
        try {
            child.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
