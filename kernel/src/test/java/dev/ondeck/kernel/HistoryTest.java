package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @Test
    void tailRangeAndGlobSearchWithUniqueAndN() {
        History h = new History();
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "a + 1", "2");
        h.add(4, "String s;", null);
        assertEquals(List.of(List.of(1, 4, "String s;")), h.tail(1, false));
        assertEquals(List.of(List.of(1, 2, List.of("a + 1", "2"))), h.range(0, 2, 3, true));
        assertEquals(2, h.search("a *", 0, false, false).size());
        assertEquals(List.of(List.of(1, 3, "a + 1")), h.search("a *", 0, true, false));
        assertEquals(1, h.search("*", 1, false, false).size());
        assertEquals(0, h.search("a", 0, false, false).size());
    }

    @Test
    void aLaterSessionSeesEarlierSessionsThroughTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ondeck/history.jsonl");
        History first = new History(file);
        assertEquals(1, first.session());
        first.add(1, "int a = 1;", null);
        first.add(2, "a + 1", "2");
        Files.writeString(file, "{\"session\": 1, \"line\": 3, \"inp\n", StandardOpenOption.APPEND);
        History second = new History(file);
        assertEquals(2, second.session());
        second.add(1, "a * 10", "10");

        assertEquals(List.of(List.of(1, 2, "a + 1"), List.of(2, 1, "a * 10")), second.tail(2, false));
        assertEquals(List.of(List.of(1, 1, "int a = 1;"), List.of(1, 2, "a + 1")), second.range(1, 0, 0, false));
        assertEquals(List.of(List.of(1, 2, List.of("a + 1", "2"))), second.range(-1, 2, 3, true));
        assertEquals(List.of(List.of(2, 1, "a * 10")), second.range(0, 1, 0, false));
        assertEquals(List.of(List.of(1, 2, "a + 1"), List.of(2, 1, "a * 10")), second.search("a *", 0, false, false));
        assertEquals(List.of(List.of(1, 1, "int a = 1;")), first.range(1, 1, 2, false));
        assertEquals(3, new History(file).session());
    }
}
