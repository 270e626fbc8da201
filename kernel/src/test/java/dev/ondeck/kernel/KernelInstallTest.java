package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.kernel.install.KernelInstaller;
import dev.ondeck.kernel.protocol.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer's kernelspecs as Jupyter itself lists them ({@code jupyter kernelspec list --json}). */
class KernelInstallTest {

    @Test
    @SuppressWarnings("unchecked")
    void prefixAndUserInstallsAreListedByJupyter(@TempDir Path tmp) throws Exception {
        ConformanceSuiteTest.requirePython("jupyter_client", "jupyter-client");
        Path prefix = tmp.resolve("prefix");
        Path userData = tmp.resolve("user-data");
        install(userData, "--prefix", prefix.toString(), "--name", "ondeck-prefix");
        install(userData, "--user", "--name", "ondeck-user");

        ProcessBuilder pb = new ProcessBuilder(ConformanceSuiteTest.PYTHON, "-m", "jupyter", "kernelspec", "list", "--json");
        pb.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        pb.environment().put("JUPYTER_DATA_DIR", userData.toString());
        String out = run(pb.redirectError(ProcessBuilder.Redirect.DISCARD));
        Map<String, Object> specs = (Map<String, Object>) Json.parseObject(out).get("kernelspecs");
        for (String name : List.of("ondeck-prefix", "ondeck-user")) {
            Map<String, Object> entry = (Map<String, Object>) specs.get(name);
            assertTrue(entry != null, name + " is not listed: " + out);
            Map<String, Object> spec = (Map<String, Object>) entry.get("spec");
            assertEquals("message", spec.get("interrupt_mode"));
            assertEquals("java", spec.get("language"));
            List<Object> argv = (List<Object>) spec.get("argv");
            assertEquals("{connection_file}", argv.getLast());
            assertEquals(KernelMain.class.getName(), argv.get(argv.size() - 2));
            Path dir = Path.of((String) entry.get("resource_dir"));
            assertTrue(Files.size(dir.resolve("logo-64x64.png")) > 0);
        }
        assertEquals(prefix.resolve("share/jupyter/kernels/ondeck-prefix").toRealPath(),
                Path.of((String) ((Map<String, Object>) specs.get("ondeck-prefix")).get("resource_dir")).toRealPath());
        assertEquals(userData.resolve("kernels/ondeck-user").toRealPath(),
                Path.of((String) ((Map<String, Object>) specs.get("ondeck-user")).get("resource_dir")).toRealPath());
    }

    /** Runs the installer's entry point in a child JVM, as {@code bin/ondeck kernel install} runs it. */
    private static void install(Path userData, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, KernelProcess.launchClasspath()), KernelInstaller.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("JUPYTER_DATA_DIR", userData.toString());
        assertTrue(run(pb).startsWith("Installed kernelspec"));
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
