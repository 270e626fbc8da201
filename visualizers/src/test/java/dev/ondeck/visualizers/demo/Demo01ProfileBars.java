package dev.ondeck.visualizers.demo;

import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.visualizers.Charts;
import dev.ondeck.visualizers.FromEngine;
import dev.ondeck.visualizers.NodeTiming;
import java.util.List;

/** The slowest nodes as bars coloured by op type, and where the time goes by op type. */
public final class Demo01ProfileBars {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        ProfileReport p = d.profile("cpu-ref");
        List<NodeTiming> t = FromEngine.timings(p);
        d.wrote(Charts.latencyBars(p.model() + ": slowest 30 nodes on " + p.backend(), t, 30).write(d.file("01-latency.png")),
                Charts.opTypeBreakdown(p.model() + ": time by op type", t, 8).write(d.file("01-op-types.png")));
    }
}
