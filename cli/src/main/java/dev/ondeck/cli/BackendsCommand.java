package dev.ondeck.cli;

import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck backends}: every backend found, whether it is available here, and the default. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the compute backends with their availability; * marks the default.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String def = Backends.defaultName();
        for (Backend b : Backends.all()) {
            String why = b.unavailableReason();
            out.printf("%s %-14s %-11s %s%n", b.name().equals(def) ? "*" : " ", b.name(),
                    why == null ? "available" : "unavailable", why == null ? b.description() : why);
        }
        return 0;
    }
}
