package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.kernel.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Executes {@code src/test/notebooks/smoke.ipynb} headless with {@code jupyter nbconvert --execute}. */
class NotebookExecutionTest {

    @Test
    @SuppressWarnings("unchecked")
    void nbconvertExecutesNotebookWithStreamHtmlAndPngOutputs() throws Exception {
        ConformanceSuiteTest.requirePython("nbconvert, nbclient, jupyter_client", "jupyter-nbconvert python3-nbclient");
        Path out = Files.createTempDirectory("ondeck-nb");
        ConformanceSuiteTest.runWithKernel(Path.of("src/test/notebooks"), "ondeck-nbconvert", 180, List.of(
                ConformanceSuiteTest.PYTHON, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=ondeck-nbconvert", "--ExecutePreprocessor.timeout=60",
                "--output-dir", out.toString(), "--output", "executed", "smoke.ipynb"));
        Map<String, Object> nb = Json.parseObject(Files.readString(out.resolve("executed.ipynb")));
        Set<String> kinds = new HashSet<>();
        for (Object cell : (List<Object>) nb.get("cells")) {
            for (Object o : (List<Object>) ((Map<String, Object>) cell).get("outputs")) {
                Map<String, Object> output = (Map<String, Object>) o;
                String type = (String) output.get("output_type");
                assertTrue(!"error".equals(type), "a cell failed: " + output);
                kinds.add(type);
                Object data = output.get("data");
                if (data instanceof Map<?, ?> d) {
                    d.keySet().forEach(k -> kinds.add((String) k));
                }
            }
        }
        assertTrue(kinds.containsAll(Set.of("stream", "text/html", "image/png", "image/svg+xml")), kinds.toString());
    }
}
