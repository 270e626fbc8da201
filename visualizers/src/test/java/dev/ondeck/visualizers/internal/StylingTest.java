package dev.ondeck.visualizers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StylingTest {
    @Test
    void longNodeNamesKeepTheirStartAndEnd() {
        String name = "/features/features.16/conv/conv.0/conv.0.0/Conv";
        String clipped = Styling.clipName(name, 24);
        assertEquals(24, clipped.length());
        assertEquals("/features/f\u2026onv.0.0/Conv", clipped);
        assertEquals("short", Styling.clipName("short", 24));
    }

    @Test
    void clippedLabelsThatCollideStayDistinct() {
        assertEquals(List.of("a", "a #2", "(unnamed)"), ProfileCharts.dedupe(List.of("a", "a", "")));
    }
}
