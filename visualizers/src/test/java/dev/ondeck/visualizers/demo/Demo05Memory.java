package dev.ondeck.visualizers.demo;

import dev.ondeck.visualizers.Charts;
import dev.ondeck.visualizers.FromEngine;

/** Live activation memory node by node, and where the peak is. */
public final class Demo05Memory {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        d.wrote(Charts.memoryTimeline(FromEngine.memory(d.profile("cpu-ref"))).write(d.file("05-memory.png")));
    }
}
