package dev.ondeck.kernel.notebook;

import dev.ondeck.kernel.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Jupyter notebook (nbformat 4) as its JSON tree, so that metadata the runner does not know survives a
 * read-run-write round trip. Cells are the live maps of that tree.
 */
public final class Notebook {
    private final Map<String, Object> json;

    private Notebook(Map<String, Object> json) {
        this.json = json;
    }

    /** Reads an {@code .ipynb} file; throws {@link NotebookException} when it is not nbformat 4. */
    public static Notebook read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Object> tree;
        try {
            tree = Json.parseObject(text);
        } catch (Json.JsonException e) {
            throw new NotebookException(file + " is not JSON: " + e.getMessage());
        }
        return of(tree, file.toString());
    }

    /** Wraps a parsed notebook; {@code origin} names it in errors. */
    public static Notebook of(Map<String, Object> tree, String origin) {
        Object format = tree.get("nbformat");
        if (!(format instanceof Number n) || n.intValue() != 4) {
            throw new NotebookException(origin + ": expected nbformat 4, found " + format);
        }
        if (!(tree.get("cells") instanceof List<?>)) {
            throw new NotebookException(origin + ": no \"cells\" list");
        }
        return new Notebook(tree);
    }

    /** The cells in order (live maps: {@code cell_type}, {@code source}, {@code outputs}, ...). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> cells() {
        return (List<Map<String, Object>>) json.get("cells");
    }

    /** The whole JSON tree (live). */
    public Map<String, Object> json() {
        return json;
    }

    /** A cell's source as one string (nbformat allows a string or a list of lines). */
    public static String source(Map<String, Object> cell) {
        return text(cell.get("source"));
    }

    /** Multi-line text as nbformat stores it (a string or a list of strings), joined. */
    public static String text(Object value) {
        if (value instanceof List<?> lines) {
            StringBuilder sb = new StringBuilder();
            lines.forEach(sb::append);
            return sb.toString();
        }
        return value == null ? "" : value.toString();
    }

    /** A cell's first non-blank source line, shortened to 80 characters, for messages. */
    public static String firstLine(Map<String, Object> cell) {
        for (String line : source(cell).split("\n")) {
            if (!line.isBlank()) {
                String s = line.strip();
                return s.length() > 80 ? s.substring(0, 77) + "..." : s;
            }
        }
        return "";
    }

    /** The code cells' indices (0-based, counting every cell). */
    public List<Integer> codeCellIndices() {
        List<Integer> idx = new ArrayList<>();
        List<Map<String, Object>> cells = cells();
        for (int i = 0; i < cells.size(); i++) {
            if ("code".equals(cells.get(i).get("cell_type"))) {
                idx.add(i);
            }
        }
        return idx;
    }

    /**
     * Writes the notebook as indented JSON (one space per level, as Jupyter does). From nbformat 4.5 on every
     * cell needs an id; cells without one get a fresh one.
     */
    public void write(Path file) throws IOException {
        if (json.get("nbformat_minor") instanceof Number minor && minor.intValue() >= 5) {
            for (Map<String, Object> cell : cells()) {
                cell.putIfAbsent("id", UUID.randomUUID().toString().substring(0, 8));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, IndentedJson.write(json) + "\n", StandardCharsets.UTF_8);
    }
}
