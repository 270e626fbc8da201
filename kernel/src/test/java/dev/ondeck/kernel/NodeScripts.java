package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the Node scripts in {@code src/test/lab} against a {@link JupyterServer}, and checks what they need. */
final class NodeScripts {
    private static final Path SCRIPTS = Path.of("src/test/lab");

    private NodeScripts() {
    }

    static void run(JupyterServer server, String script, Map<String, String> env) throws Exception {
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
    static void requireNode(String... packages) throws Exception {
        boolean node;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            node = p.waitFor() == 0;
        } catch (IOException e) {
            node = false;
        }
        require(node, "node is not on the PATH (Node 20 or newer)");
        for (String pkg : List.of(packages)) {
            require(Files.isDirectory(SCRIPTS.resolve("node_modules").resolve(pkg)),
                    "npm package " + pkg + " is missing; run npm ci in kernel/src/test/lab (test.sh does)");
        }
    }

    static void require(boolean ok, String why) {
        if (ok) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }
}
