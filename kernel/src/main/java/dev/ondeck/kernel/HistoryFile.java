package dev.ondeck.kernel;

import dev.ondeck.kernel.protocol.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The executed cells of every session, one JSON object a line, in a file that all kernels of a user share
 * ({@code <Jupyter data dir>/ondeck/history.jsonl}). Each kernel start appends a marker that claims the next
 * session number; a file lock serialises the writers. A line that cannot be parsed is skipped.
 */
final class HistoryFile {
    private static final Logger LOG = Logger.getLogger(HistoryFile.class.getName());

    /** One stored cell: its session, execution count, input and text output (null when it had none). */
    record Cell(int session, int line, String input, String output) {
    }

    private final Path path;

    HistoryFile(Path path) {
        this.path = path;
    }

    /**
     * Appends a marker for a new session and returns its number: one more than any session in the file. A last
     * line cut short (a kernel killed mid-write) is ended first, so that it spoils no later line.
     */
    int startSession() throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            String text = read(ch);
            int last = 0;
            for (Map<String, Object> record : parse(text)) {
                last = Math.max(last, ((Number) record.get("session")).intValue());
            }
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put("session", last + 1);
            marker.put("started", Instant.now().toString());
            String cut = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            ch.position(ch.size());
            ch.write(ByteBuffer.wrap((cut + Json.write(marker) + "\n").getBytes(StandardCharsets.UTF_8)));
            return last + 1;
        }
    }

    /** Appends {@code cell}. */
    void append(Cell cell) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("session", cell.session());
        record.put("line", cell.line());
        record.put("input", cell.input());
        if (cell.output() != null) {
            record.put("output", cell.output());
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
            ch.write(ByteBuffer.wrap((Json.write(record) + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Every stored cell of the sessions before {@code session}, oldest first. */
    List<Cell> cellsBefore(int session) throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        String text;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); FileLock lock = ch.lock(0, Long.MAX_VALUE, true)) {
            text = read(ch);
        }
        List<Cell> cells = new ArrayList<>();
        for (Map<String, Object> r : parse(text)) {
            int s = ((Number) r.get("session")).intValue();
            if (s < session && r.get("line") instanceof Number line && r.get("input") instanceof String input) {
                cells.add(new Cell(s, line.intValue(), input, (String) r.get("output")));
            }
        }
        return cells;
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // positional reads advance the buffer, not the channel
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private List<Map<String, Object>> parse(String text) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, Object> r = Json.parseObject(line);
                if (r.get("session") instanceof Number) {
                    records.add(r);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "skipped an unreadable line of " + path, e);
            }
        }
        return records;
    }
}
