package dev.ondeck.visualizers;

import java.util.List;

/** Live activation bytes after each node, in execution order. */
public record MemoryTimeline(String title, List<String> nodes, long[] liveBytes) {
    public MemoryTimeline {
        nodes = List.copyOf(nodes);
        if (nodes.size() != liveBytes.length) {
            throw new IllegalArgumentException("memory timeline: " + nodes.size() + " nodes vs " + liveBytes.length
                    + " byte counts");
        }
    }

    public long peakBytes() {
        long p = 0;
        for (long b : liveBytes) {
            p = Math.max(p, b);
        }
        return p;
    }

    /** Index of the first node at the peak (-1 when empty). */
    public int peakIndex() {
        int at = -1;
        long p = -1;
        for (int i = 0; i < liveBytes.length; i++) {
            if (liveBytes[i] > p) {
                p = liveBytes[i];
                at = i;
            }
        }
        return at;
    }
}
