package dev.ondeck.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.kernel.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs notebooks in-process through the kernel's evaluation layer and checks the outputs it writes back. */
class NotebookRunnerTest {
    @TempDir
    Path dir;

    static Notebook notebook(String... cells) {
        List<Object> list = new ArrayList<>();
        for (String source : cells) {
            Map<String, Object> cell = new LinkedHashMap<>();
            boolean md = source.startsWith("#md ");
            cell.put("cell_type", md ? "markdown" : "code");
            cell.put("metadata", new LinkedHashMap<>());
            cell.put("source", md ? source.substring(4) : source);
            if (!md) {
                cell.put("outputs", new ArrayList<>());
                cell.put("execution_count", null);
            }
            list.add(cell);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("cells", list);
        tree.put("metadata", new LinkedHashMap<>());
        tree.put("nbformat", 4L);
        tree.put("nbformat_minor", 5L);
        return Notebook.of(tree, "test");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> outputs(Notebook nb, int cell) {
        return (List<Map<String, Object>>) nb.cells().get(cell).get("outputs");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Map<String, Object> output) {
        return (Map<String, Object>) output.get("data");
    }

    @Test
    void smokeNotebookGetsStreamHtmlAndImageOutputsAndASelfContainedReport() throws Exception {
        Notebook nb = Notebook.read(Path.of("src/test/notebooks/smoke.ipynb"));
        List<CellRun> seen = new ArrayList<>();
        try (NotebookRunner runner = NotebookRunner.standard()) {
            NotebookRunner.Outcome o = runner.run(nb, false, Duration.ofSeconds(60), seen::add);
            assertEquals(List.of(), o.errors());
            assertEquals(4, o.cellsRun());
        }
        assertEquals(List.of(1, 2, 3, 4), seen.stream().map(CellRun::executionCount).toList());
        Map<String, Object> hello = outputs(nb, 0).get(0);
        assertEquals("stream", hello.get("output_type"));
        assertEquals("hello from Ondeck\n", hello.get("text"));
        assertEquals("<b>bold</b> and <i>italic</i>", data(outputs(nb, 1).get(0)).get("text/html"));
        Map<String, Object> chart = outputs(nb, 2).get(0);
        assertEquals("execute_result", chart.get("output_type"));
        assertEquals(3L, ((Number) chart.get("execution_count")).longValue());
        assertTrue(data(chart).containsKey("image/png") && data(chart).containsKey("image/svg+xml"), chart.keySet().toString());

        Path written = dir.resolve("out/smoke.ipynb");
        nb.write(written);
        Notebook again = Notebook.read(written);
        assertEquals(Json.write(nb.json()), Json.write(again.json()));

        String html = new HtmlReport(dir).render(again, "smoke");
        assertTrue(html.contains("<svg") && !html.contains("<?xml"), "SVG inline, preferred to PNG as Jupyter does");
        assertTrue(html.contains("<b>bold</b> and <i>italic</i>"), "HTML output as is");
        assertTrue(html.contains("hello from Ondeck"));
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing loaded from elsewhere");
    }

    @Test
    void progressUpdatesTheDisplayInPlaceAndClearOutputWaits() throws Exception {
        Notebook nb = notebook(
                "var bar = progress(\"work\");\nfor (int i = 1; i <= 4; i++) { Thread.sleep(120); bar.update(\"step \" + i, i, 4); }",
                "System.out.println(\"old\");\nclearOutput(true);\nSystem.out.println(\"new\");",
                "var h = display(\"first\");\nh.update(\"second\");\nh",
                "System.out.print(\"a\"); System.out.print(\"b\"); System.err.print(\"c\");");
        try (NotebookRunner runner = NotebookRunner.standard()) {
            NotebookRunner.Outcome o = runner.run(nb, false, null, r -> { });
            assertEquals(List.of(), o.errors());
            assertTrue(o.messageTypes().stream().filter("update_display_data"::equals).count() >= 3,
                    o.messageTypes().toString());
        }
        List<Map<String, Object>> bar = outputs(nb, 0);
        assertEquals(1, bar.size(), bar.toString());
        assertEquals("display_data", bar.get(0).get("output_type"));
        String text = (String) data(bar.get(0)).get("text/plain");
        assertTrue(text.startsWith("work [###") && text.endsWith("4/4 (100%), step 4"), text);
        assertTrue(((String) data(bar.get(0)).get("text/html")).contains("<progress value=\"4\" max=\"4\">"));
        assertEquals("new\n", outputs(nb, 1).get(0).get("text"));
        assertEquals(1, outputs(nb, 1).size());
        assertEquals(List.of("second"), outputs(nb, 2).stream().map(o -> data(o).get("text/plain")).toList(),
                "a handle as the value shows nothing more");
        assertEquals("ab", outputs(nb, 3).get(0).get("text"));
        assertEquals("stderr", outputs(nb, 3).get(1).get("name"));
    }

    @Test
    void firstErrorStopsTheRunUnlessErrorsAreAllowed() {
        String[] cells = {"#md # Title", "int x = 1;", "  \n", "throw new IllegalStateException(\"broken\");",
            "x + 1", "while (true) { }"};
        Notebook stop = notebook(cells);
        try (NotebookRunner runner = NotebookRunner.standard()) {
            NotebookRunner.Outcome o = runner.run(stop, false, Duration.ofSeconds(2), r -> { });
            assertEquals(1, o.errors().size());
            CellError e = o.errors().get(0);
            assertEquals(3, e.index());
            assertEquals("java.lang.IllegalStateException", e.ename());
            assertTrue(e.describe().startsWith("cell 3 (throw new IllegalStateException(\"broken\");) failed"), e.describe());
            assertNull(stop.cells().get(2).get("execution_count"), "blank cells are not executed");
            Map<String, Object> err = outputs(stop, 3).get(0);
            assertEquals("error", err.get("output_type"));
            assertTrue(outputs(stop, 4).isEmpty(), "cells after the error do not run");
        }
        Notebook go = notebook(cells);
        try (NotebookRunner runner = NotebookRunner.standard()) {
            NotebookRunner.Outcome o = runner.run(go, true, Duration.ofSeconds(2), r -> { });
            assertEquals(List.of("java.lang.IllegalStateException", "CellTimeout"),
                    o.errors().stream().map(CellError::ename).toList());
            assertEquals("2", data(outputs(go, 4).get(0)).get("text/plain"));
            assertEquals(3L, ((Number) go.cells().get(4).get("execution_count")).longValue());
        }
    }

    @Test
    void reportEmbedsPngsAndMarkdownImagesAsDataUris() throws Exception {
        Files.write(dir.resolve("pic.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Notebook nb = notebook("#md ![a picture](pic.png) and ![web](https://example.com/x.png)", "1");
        Map<String, Object> png = new LinkedHashMap<>();
        png.put("output_type", "display_data");
        png.put("data", Map.of("image/png", "iVBORw0K\nGgo=", "text/plain", "<PNG image>"));
        png.put("metadata", Map.of());
        outputs(nb, 1).add(png);
        String html = new HtmlReport(dir).render(nb, "t <1>");
        assertTrue(html.contains("<title>t &lt;1&gt;</title>"));
        assertTrue(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"image/png output\">"), html);
        assertTrue(html.contains("<img src=\"data:image/png;base64,iVBORw==\" alt=\"a picture\">"), html);
        assertTrue(html.contains("<a href=\"https://example.com/x.png\">image: web</a>"), html);
    }

    @Test
    void rejectsFilesThatAreNotNotebooks() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.ipynb"), "{\"nbformat\": 3, \"cells\": []}");
        assertTrue(assertThrows(NotebookException.class, () -> Notebook.read(bad)).getMessage()
                .contains("expected nbformat 4, found 3"));
        Path notJson = Files.writeString(dir.resolve("x.ipynb"), "not json");
        assertTrue(assertThrows(NotebookException.class, () -> Notebook.read(notJson)).getMessage().contains("is not JSON"));
    }
}
