package dev.ondeck.visualizers.demo;

import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.diff.BackendDiff;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.visualizers.Charts;
import dev.ondeck.visualizers.FromEngine;

/** Per-node output error of the last available backend against the reference. */
public final class Demo07NodeErrors {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        String other = DemoData.backends().get(DemoData.backends().size() - 1);
        SessionOptions.Builder o = SessionOptions.builder().foldConstants(false);
        try (Session a = d.model.newSession(o.backend("cpu-ref").build());
             Session b = d.model.newSession(SessionOptions.builder().foldConstants(false).backend(other).build())) {
            DiffReport diff = BackendDiff.compare(a, b, d.inputs);
            d.wrote(Charts.nodeErrors(other + " against cpu-ref: max abs error per node", FromEngine.errors(diff), 1e-4)
                    .write(d.file("07-node-errors.png")));
        }
    }
}
