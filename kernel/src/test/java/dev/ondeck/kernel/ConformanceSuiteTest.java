package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs Jupyter's official conformance suite ({@code src/test/python/test_kernel_conformance.py}, a subclass of
 * Debian's {@code jupyter_kernel_test}) against the built kernel. Without /usr/bin/python3 and the suite it
 * skips with a message, except under {@code CI=true}, where it fails.
 */
class ConformanceSuiteTest {
    static final String PYTHON = "/usr/bin/python3";

    /** Skips (or fails under CI) when {@code modules} cannot be imported by Debian's python3. */
    static void requirePython(String modules, String packages) throws Exception {
        String why = null;
        if (!new File(PYTHON).canExecute()) {
            why = PYTHON + " is missing";
        } else {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + modules).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                why = "python modules " + modules + " are missing";
            }
        }
        if (why != null) {
            String msg = why + "; install with: apt-get install -y " + packages;
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
    }

    /** Runs {@code args} with a kernelspec for the built kernel on JUPYTER_PATH; returns exit status and output. */
    static String runWithKernel(Path workDir, String kernelName, int timeoutSeconds, List<String> args)
            throws Exception {
        Path prefix = Files.createTempDirectory("ondeck-jupyter");
        KernelProcess.spec(kernelName).writeTo(prefix.resolve("share/jupyter/kernels"));
        ProcessBuilder pb = new ProcessBuilder(args).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        pb.environment().put("JUPYTER_DATA_DIR", prefix.resolve("data").toString());
        pb.environment().put("ONDECK_KERNEL_NAME", kernelName);
        pb.environment().put("JUPYTER_PLATFORM_DIRS", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out after " + timeoutSeconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void officialConformanceSuitePasses() throws Exception {
        requirePython("jupyter_client, jupyter_kernel_test", "jupyter-client python3-jupyter-kernel-test");
        String out = runWithKernel(Path.of("src/test/python"), "ondeck-conformance", 240,
                List.of(PYTHON, "-m", "unittest", "-v", "test_kernel_conformance"));
        if (out.contains("skipped")) {
            fail("a conformance test was skipped:\n" + out);
        }
    }
}
