package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ondeck.kernel.install.KernelInstaller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jupyter console --kernel ondeck-console --simple-prompt} run for real in a terminal (a private tmux
 * server), typed into with {@code send-keys} and read back with {@code capture-pane}: a pipe into the console
 * races its iopub connection, a terminal does not. Skips without tmux or jupyter-console, except under
 * {@code CI=true}, where it fails.
 */
class ConsoleTest {

    @Test
    void consoleEvaluatesJavaAndShutsTheKernelDownAtEndOfInput(@TempDir Path home) throws Exception {
        ConformanceSuiteTest.requirePython("jupyter_console", "jupyter-console");
        requireTmux();
        KernelInstaller.install(KernelProcess.spec("ondeck-console"), new KernelInstaller.Target.Prefix(home.resolve("prefix")));
        Path runtime = home.resolve("runtime");
        String console = "exec env JUPYTER_PATH=" + home.resolve("prefix/share/jupyter")
                + " JUPYTER_CONFIG_DIR=" + home.resolve("config") + " JUPYTER_DATA_DIR=" + home.resolve("data")
                + " JUPYTER_RUNTIME_DIR=" + runtime + " JUPYTER_PLATFORM_DIRS=1 " + ConformanceSuiteTest.PYTHON
                + " -m jupyter_console --kernel ondeck-console --simple-prompt";
        Path socket = home.resolve("tmux.sock");
        try {
            tmux(socket, "new-session", "-d", "-x", "160", "-y", "50", console);
            awaitScreen(socket, s -> s.contains("In [1]:"), "the first prompt");
            tmux(socket, "send-keys", "-l", "System.out.println(\"from the console\"); \"on\" + \"deck\" + (6 * 7)");
            tmux(socket, "send-keys", "Enter");
            String screen = awaitScreen(socket, s -> s.contains("In [2]:"), "the second prompt");
            assertTrue(screen.contains("from the console\n"), screen);
            assertTrue(screen.contains("Out[1]: \"ondeck42\""), screen);
            tmux(socket, "send-keys", "C-d");
            awaitScreen(socket, s -> s.contains("Do you really want to exit"), "exit confirmation");
            tmux(socket, "send-keys", "y", "Enter");
            awaitKernelsGone(runtime);
        } finally {
            new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void requireTmux() throws Exception {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        String why = "tmux is missing; apt-get install -y tmux";
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    private static String tmux(Path socket, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** Polls the terminal until {@code ready} holds (90 s at most: the first cell waits for JShell's start). */
    private static String awaitScreen(Path socket, Predicate<String> ready, String what) throws Exception {
        String screen = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            screen = tmux(socket, "capture-pane", "-p", "-J");
            if (ready.test(screen)) {
                return screen;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + what + " in the console within 90 s:\n" + screen);
    }

    /** Waits until no kernel launched with a connection file under {@code runtime} is alive. */
    private static void awaitKernelsGone(Path runtime) throws InterruptedException {
        String marker = runtime.toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean alive = ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                    .map(c -> c.contains(KernelMain.class.getName()) && c.contains(marker)).orElse(false));
            if (!alive) {
                return;
            }
            Thread.sleep(250);
        }
        fail("the kernel outlived `exit` in the console");
    }
}
