package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void tailRangeAndGlobSearchWithUniqueAndN() {
        History h = new History();
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "a + 1", "2");
        h.add(4, "String s;", null);
        assertEquals(List.of(List.of(0, 4, "String s;")), h.tail(1, false));
        assertEquals(List.of(List.of(0, 2, List.of("a + 1", "2"))), h.range(0, 2, 3, true));
        assertEquals(2, h.search("a *", 0, false, false).size());
        assertEquals(List.of(List.of(0, 3, "a + 1")), h.search("a *", 0, true, false));
        assertEquals(1, h.search("*", 1, false, false).size());
        assertEquals(0, h.search("a", 0, false, false).size());
    }
}
