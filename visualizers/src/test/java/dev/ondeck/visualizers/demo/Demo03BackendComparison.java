package dev.ondeck.visualizers.demo;

import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.visualizers.Charts;
import dev.ondeck.visualizers.FromEngine;
import java.util.ArrayList;
import java.util.List;

/** The same nodes on every available backend, side by side. */
public final class Demo03BackendComparison {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        List<ProfileReport> reports = new ArrayList<>();
        for (String b : DemoData.backends()) {
            reports.add(d.profile(b));
        }
        d.wrote(Charts.backendComparison("median time per node and backend (top 25)", FromEngine.backendTimes(reports), 25)
                .write(d.file("03-backends.png")));
    }
}
