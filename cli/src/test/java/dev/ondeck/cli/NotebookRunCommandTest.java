package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.kernel.notebook.Notebook;
import dev.ondeck.kernel.notebook.NotebookRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code notebooks/*.ipynb} of the repository and this module's sample notebook with
 * {@code ondeck notebook run} (a fresh JVM in the notebook's folder, no Jupyter): no cell may fail, each
 * notebook shows a picture, and its HTML report loads nothing from elsewhere.
 */
class NotebookRunCommandTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path SAMPLE = Path.of("src/test/resources/notebooks/runner-sample.ipynb");
    private static final Pattern SRC_OR_HREF = Pattern.compile("\\b(src|href)\\s*=\\s*[\"']?([^\"'\\s>]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*\\bsrc=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path out;

    static List<Path> notebooks() throws IOException {
        List<Path> all = new ArrayList<>();
        Path dir = Path.of(System.getProperty("ondeck.root", "..")).resolve("notebooks");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().forEach(all::add);
            }
        }
        all.add(SAMPLE);
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutErrorsAndShowsAPicture() throws IOException {
        return notebooks().stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> check(nb)));
    }

    private static void check(Path nb) throws IOException {
        String name = nb.getFileName().toString().replace(".ipynb", "");
        Path executed = out.resolve(name + ".ipynb");
        Path html = out.resolve(name + ".html");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Ondeck.execute(new String[] {"notebook", "run", nb.toString(), "--output", executed.toString(),
            "--html", html.toString()}, new PrintWriter(o), new PrintWriter(e));
        assertEquals(0, code, nb + "\nstdout:\n" + o + "\nstderr:\n" + e);
        assertTrue(o.toString().contains(", 0 failed"), o.toString());

        int pictures = 0;
        int pngs = 0;
        for (Map<String, Object> cell : Notebook.read(executed).cells()) {
            if (!(cell.get("outputs") instanceof List<?> outputs)) {
                continue;
            }
            for (Object output : outputs) {
                Map<?, ?> m = (Map<?, ?>) output;
                assertFalse("error".equals(m.get("output_type")), nb + ": cell failed: " + m);
                if (m.get("data") instanceof Map<?, ?> data) {
                    pictures += data.containsKey("image/png") || data.containsKey("image/svg+xml") ? 1 : 0;
                    pngs += data.containsKey("image/png") ? 1 : 0;
                }
            }
        }
        assertTrue(pictures > 0, nb + " shows no image/png or image/svg+xml output");
        assertValidNbformat(executed);
        assertSelfContained(Files.readString(html), pngs > 0, nb.toString());
    }

    /** Validates with Python's nbformat where Debian's python3-nbformat is installed (test.sh installs it). */
    private static void assertValidNbformat(Path executed) throws IOException {
        boolean available = Files.isExecutable(Path.of(PYTHON)) && run(PYTHON, "-c", "import nbformat").exitValue() == 0;
        if (!available) {
            assertFalse("true".equals(System.getenv("CI")), "CI needs /usr/bin/python3 with nbformat (python3-nbformat)");
            System.err.println("nbformat validation skipped: no " + PYTHON + " with nbformat (apt-get install python3-nbformat)");
            return;
        }
        Process p = run(PYTHON, "-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
                executed.toString());
        assertEquals(0, p.exitValue(), executed + " is not valid nbformat 4:\n"
                + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Process run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return p;
    }

    /** No resource from elsewhere: every src and href is a data URI, a fragment or a relative link. */
    static void assertSelfContained(String html, boolean expectImg, String what) {
        Matcher m = SRC_OR_HREF.matcher(html);
        while (m.find()) {
            String url = m.group(2).toLowerCase(java.util.Locale.ROOT);
            boolean link = m.group(1).equalsIgnoreCase("href") && html.lastIndexOf("<a ", m.start()) > html.lastIndexOf('>', m.start());
            assertTrue(link || !(url.startsWith("http:") || url.startsWith("https:") || url.startsWith("//")),
                    what + ": loads " + m.group() + " from elsewhere");
        }
        Matcher img = IMG.matcher(html);
        int images = 0;
        while (img.find()) {
            images++;
            assertTrue(img.group(1).startsWith("data:image/"), what + ": <img> not embedded: " + img.group());
        }
        assertTrue(!expectImg || images > 0, what + ": no <img> with a data URI");
    }

    @Test
    void profileMagicUpdatesItsProgressDisplayInPlace() throws IOException {
        Notebook nb = Notebook.read(SAMPLE);
        NotebookRunner.Outcome outcome;
        try (NotebookRunner runner = NotebookRunner.standard()) {
            outcome = runner.run(nb, false, null, r -> { });
        }
        assertEquals(List.of(), outcome.errors());
        assertTrue(outcome.messageTypes().contains("update_display_data"), outcome.messageTypes().toString());
        List<?> profileOutputs = (List<?>) nb.cells().get(nb.cells().size() - 1).get("outputs");
        Map<?, ?> bar = (Map<?, ?>) profileOutputs.get(0);
        String text = (String) ((Map<?, ?>) bar.get("data")).get("text/plain");
        assertTrue(text.startsWith("profiling [") && text.contains("5/5 (100%)"), text);
        Map<?, ?> result = (Map<?, ?>) profileOutputs.get(1);
        assertEquals("execute_result", result.get("output_type"));
        assertTrue(((Map<?, ?>) result.get("data")).containsKey("image/png"));
    }

    @Test
    void aFailingCellIsNamedAndFailsTheRun() throws IOException {
        Path nb = out.resolve("failing.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["int a = 1;"]},
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                  "source": ["// divide\\n", "int b = a / 0;"]},
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "a + 1"}]}
                """);
        OndeckTest.Run r = new OndeckTest.Run("notebook", "run", nb.toString(), "--in-process")
                .expect(1, "2 cells run").err("cell 1 (// divide) failed: java.lang.ArithmeticException: / by zero");
        assertTrue(r.err.contains("[2/3] cell 1 FAILED"), r.err);
        new OndeckTest.Run("notebook", "run", nb.toString(), "--in-process", "--allow-errors").expect(1, "3 cells run in", "s, 1 failed");
        new OndeckTest.Run("notebook", "run", out.resolve("missing.ipynb").toString()).expect(2).err("no notebook file");
    }
}
