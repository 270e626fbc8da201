package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ondeck.kernel.install.KernelSpec;
import dev.ondeck.kernel.protocol.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Jupyter (nbconvert, nbclient) driving the Ondeck kernel launched from this module's test class path
 * (engine, kernel, renderers, visualizers, adb-bridge, cpu backend): the path a user takes with
 * {@code bin/ondeck kernel install}. Without /usr/bin/python3 and nbconvert the callers skip, except under
 * {@code CI=true}, where they fail.
 */
final class Jupyter {
    static final String PYTHON = "/usr/bin/python3";
    static final String KERNEL = "ondeck-notebooks-test";
    private final Path jupyterPath;

    private Jupyter(Path jupyterPath) {
        this.jupyterPath = jupyterPath;
    }

    /** Skips (fails under CI) without nbconvert; else writes a kernelspec for this class path into a temp dir. */
    static Jupyter withOndeckKernel() throws Exception {
        requirePython("nbconvert, nbclient, jupyter_client", "jupyter-nbconvert python3-nbclient jupyter-client");
        Path prefix = Files.createTempDirectory("ondeck-jupyter");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>(List.of(cp.split(File.pathSeparator)));
        new KernelSpec(KERNEL, "Java (Ondeck, notebooks test)", Path.of(System.getProperty("java.home"), "bin", "java"),
                entries).writeTo(prefix.resolve("share/jupyter/kernels"));
        return new Jupyter(prefix.resolve("share/jupyter"));
    }

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

    /** The repository root (the parent pom passes {@code ondeck.root}). */
    static Path root() {
        return Path.of(System.getProperty("ondeck.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Runs {@code jupyter nbconvert --execute --to FORMAT} on {@code notebook} with the Ondeck kernel, writing
     * {@code outDir/outName.(ipynb|html)}; fails with nbconvert's output when it exits non-zero.
     */
    Path execute(Path notebook, String format, Path outDir, String outName, int timeoutSeconds) throws Exception {
        List<String> args = List.of(PYTHON, "-m", "jupyter", "nbconvert", "--to", format, "--execute",
                "--ExecutePreprocessor.kernel_name=" + KERNEL, "--ExecutePreprocessor.timeout=" + timeoutSeconds,
                "--output-dir", outDir.toString(), "--output", outName, notebook.getFileName().toString());
        run(notebook.getParent(), args, timeoutSeconds);
        return outDir.resolve(outName + (format.equals("html") ? ".html" : ".ipynb"));
    }

    /** Runs {@code jupyter nbconvert --to html} on an executed notebook. */
    Path toHtml(Path executed, Path outDir, String outName) throws Exception {
        run(executed.getParent(), List.of(PYTHON, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir",
                outDir.toString(), "--output", outName, executed.getFileName().toString()), 120);
        return outDir.resolve(outName + ".html");
    }

    private String run(Path workDir, List<String> args, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().put("JUPYTER_PLATFORM_DIRS", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("nbconvert timed out after " + timeoutSeconds + " s: " + args);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "nbconvert failed:\n" + text);
        return text;
    }

    /** The outputs of every code cell of a notebook file. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> outputs(Path ipynb) throws Exception {
        Map<String, Object> nb = Json.parseObject(Files.readString(ipynb));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object cell : (List<Object>) nb.get("cells")) {
            Object o = ((Map<String, Object>) cell).get("outputs");
            if (o != null) {
                ((List<Object>) o).forEach(x -> out.add((Map<String, Object>) x));
            }
        }
        return out;
    }
}
