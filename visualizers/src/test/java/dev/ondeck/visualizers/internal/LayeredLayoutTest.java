package dev.ondeck.visualizers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayeredLayoutTest {
    @Test
    void edgesPointDownAndBoxesInALayerDoNotOverlap() {
        Random r = new Random(1);
        int n = 160;
        List<int[]> edges = new ArrayList<>();
        for (int v = 1; v < n; v++) {
            edges.add(new int[] {v - 1, v});
            if (v > 5 && r.nextInt(4) == 0) {
                edges.add(new int[] {v - 2 - r.nextInt(4), v});
            }
        }
        int[] from = edges.stream().mapToInt(e -> e[0]).toArray();
        int[] to = edges.stream().mapToInt(e -> e[1]).toArray();
        LayeredLayout l = LayeredLayout.of(n, from, to, 150, 60);
        for (int e = 0; e < from.length; e++) {
            assertTrue(l.layer[to[e]] > l.layer[from[e]], "edge " + e + " goes down");
            int[] route = l.routes.get(e);
            assertEquals(l.layer[to[e]] - l.layer[from[e]] + 1, route.length, "one bend per crossed layer");
        }
        for (int a = 0; a < l.x.length; a++) {
            for (int b = a + 1; b < l.x.length; b++) {
                if (l.layer[a] == l.layer[b]) {
                    double wa = a < n ? 150 : 12;
                    double wb = b < n ? 150 : 12;
                    assertTrue(Math.abs(l.x[a] - l.x[b]) >= (wa + wb) / 2 - 1e-9, "overlap of " + a + " and " + b);
                }
            }
        }
        assertTrue(l.width < 150 * 8, "a chain with skips stays narrow: " + l.width);
    }

    @Test
    void aCycleDoesNotHangTheLayout() {
        LayeredLayout l = LayeredLayout.of(3, new int[] {0, 1, 2, 1}, new int[] {1, 2, 0, 1}, 100, 50);
        assertEquals(0, l.layer[0]);
        assertEquals(2, l.layer[2]);
        assertEquals(4, l.routes.size());
    }

    @Test
    void aDiamondIsLaidOutSymmetrically() {
        LayeredLayout l = LayeredLayout.of(4, new int[] {0, 0, 1, 2}, new int[] {1, 2, 3, 3}, 100, 50);
        assertEquals(0, l.layer[0]);
        assertEquals(1, l.layer[1]);
        assertEquals(1, l.layer[2]);
        assertEquals(2, l.layer[3]);
        assertEquals(l.x[0], l.x[3], 1e-9);
        assertEquals(l.x[0], (l.x[1] + l.x[2]) / 2, 1e-9);
    }
}
