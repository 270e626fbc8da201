package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every {@code notebooks/*.ipynb} headless with {@code jupyter nbconvert --to notebook --execute} and
 * the Ondeck kernel: no cell may fail, each notebook must show at least one {@code image/png} or
 * {@code image/svg+xml} output, and the time per notebook is printed. Notebooks are committed with their
 * outputs stripped.
 */
class NotebooksTest {
    private static final int CELL_TIMEOUT_S = 300;

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutErrorsAndShowsAPicture() throws Exception {
        Path dir = Jupyter.root().resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(dir)) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 7, "notebooks in " + dir + ": " + notebooks);
        Jupyter jupyter = Jupyter.withOndeckKernel();
        Path out = Files.createTempDirectory("ondeck-notebooks");
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            String name = nb.getFileName().toString().replace(".ipynb", "");
            assertTrue(Jupyter.outputs(nb).isEmpty(), name + " is committed with outputs; strip them "
                    + "(jupyter nbconvert --clear-output --inplace)");
            long t0 = System.nanoTime();
            Path executed = jupyter.execute(nb, "notebook", out, name, CELL_TIMEOUT_S);
            System.out.printf(Locale.ROOT, "notebook %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
            check(name, Jupyter.outputs(executed));
        }));
    }

    private static void check(String name, List<Map<String, Object>> outputs) {
        int images = 0;
        for (Map<String, Object> o : outputs) {
            assertFalse("error".equals(o.get("output_type")), name + ": a cell failed: " + o);
            if (o.get("data") instanceof Map<?, ?> data
                    && (data.containsKey("image/png") || data.containsKey("image/svg+xml"))) {
                images++;
            }
        }
        assertTrue(images >= 1, name + " shows no image/png or image/svg+xml output");
    }
}
