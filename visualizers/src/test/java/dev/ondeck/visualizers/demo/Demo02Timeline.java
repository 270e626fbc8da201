package dev.ondeck.visualizers.demo;

import dev.ondeck.visualizers.Charts;
import dev.ondeck.visualizers.FromEngine;
import dev.ondeck.visualizers.NodeTiming;
import java.util.ArrayList;
import java.util.List;

/** The last profiled run of each backend as a timeline, one row per backend. */
public final class Demo02Timeline {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        List<NodeTiming> all = new ArrayList<>();
        for (String b : DemoData.backends()) {
            for (NodeTiming t : FromEngine.lastRun(d.profile(b))) {
                all.add(new NodeTiming(t.name(), t.opType(), t.backend(), b, t.startNanos(), t.nanos(), t.flops(), t.bytes(),
                        t.fallback()));
            }
        }
        d.wrote(Charts.timeline("ops over time: the last profiled run on each backend", all).write(d.file("02-timeline.png")));
    }
}
