package dev.ondeck.visualizers.demo;

import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.visualizers.Charts;
import dev.ondeck.visualizers.FromEngine;
import dev.ondeck.visualizers.Machine;
import dev.ondeck.visualizers.MachineProbe;

/** Each node's achieved GFLOP/s against its arithmetic intensity, under this machine's measured roofs. */
public final class Demo04Roofline {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        String backend = DemoData.backends().get(DemoData.backends().size() - 1);
        ProfileReport p = d.profile(backend);
        int threads = Math.max(1, p.threads());
        Machine m = d.tiny ? MachineProbe.measure(threads, 8 << 20, 2_000) : MachineProbe.measure(threads);
        System.out.println(m);
        d.wrote(Charts.roofline(p.model() + " on " + backend + ": roofline", FromEngine.timings(p), m)
                .write(d.file("04-roofline.png")));
    }
}
