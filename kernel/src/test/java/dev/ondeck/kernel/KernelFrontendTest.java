package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kernel behind real Jupyter front ends, each served by a hermetic {@link JupyterServer}: JupyterLab's
 * client library {@code @jupyterlab/services} driven from Node ({@code src/test/lab/lab-client.mjs}), and the
 * classic Notebook web UI in Debian's Chromium ({@code src/test/lab/notebook-browser.mjs}). Needs
 * {@code npm ci} in {@code src/test/lab} (test.sh does it); without Node, the npm packages, the servers or
 * Chromium it skips with a message, except under {@code CI=true}, where it fails.
 */
class KernelFrontendTest {
    private static final Path SCRIPTS = Path.of("src/test/lab");

    @Test
    void jupyterLabClientLibraryDrivesTheKernelThroughJupyterServer() throws Exception {
        requireNode("@jupyterlab/services", "ws");
        ConformanceSuiteTest.requirePython("jupyter_server", "python3-jupyter-server");
        try (JupyterServer server = JupyterServer.start(JupyterServer.App.SERVER, "ondeck")) {
            runNode(server, "lab-client.mjs", Map.of("ONDECK_KERNEL_NAME", "ondeck"));
        }
    }

    @Test
    void notebookWebUiRunsAllCellsInChromium() throws Exception {
        requireNode("playwright-core");
        ConformanceSuiteTest.requirePython("notebook", "jupyter-notebook");
        require(new File("/usr/bin/chromium").canExecute(), "/usr/bin/chromium is missing; apt-get install -y chromium");
        try (JupyterServer server = JupyterServer.start(JupyterServer.App.NOTEBOOK, "ondeck")) {
            Files.copy(Path.of("src/test/notebooks/browser.ipynb"), server.root.resolve("browser.ipynb"));
            Path profile = Files.createDirectories(server.home.resolve("chromium-profile"));
            runNode(server, "notebook-browser.mjs", Map.of("ONDECK_KERNEL_NAME", "ondeck",
                    "ONDECK_NOTEBOOK", "browser.ipynb", "ONDECK_PROFILE_DIR", profile.toString()));
        }
    }

    private static void runNode(JupyterServer server, String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(SCRIPTS.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("ONDECK_SERVER_URL", server.url);
        pb.environment().put("ONDECK_SERVER_TOKEN", server.token);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(script + " timed out after 240 s\n" + server.log());
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, p.exitValue(), script + " failed:\n" + text + "\nserver log:\n" + server.log());
    }

    /** Skips (or fails under CI) without Node or without {@code packages} installed by npm ci. */
    private static void requireNode(String... packages) throws Exception {
        boolean node;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            node = p.waitFor() == 0;
        } catch (java.io.IOException e) {
            node = false;
        }
        require(node, "node is not on the PATH (Node 20 or newer)");
        for (String pkg : List.of(packages)) {
            require(Files.isDirectory(SCRIPTS.resolve("node_modules").resolve(pkg)),
                    "npm package " + pkg + " is missing; run npm ci in kernel/src/test/lab (test.sh does)");
        }
    }

    private static void require(boolean ok, String why) {
        if (ok) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }
}
