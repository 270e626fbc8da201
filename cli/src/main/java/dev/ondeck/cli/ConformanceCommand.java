package dev.ondeck.cli;

import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.conformance.CaseResult;
import dev.ondeck.engine.conformance.ConformanceReport;
import dev.ondeck.engine.conformance.ConformanceRunner;
import dev.ondeck.engine.conformance.Tolerance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck conformance DIR...}: runs ONNX backend-test folders and compares the outputs. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run ONNX backend-test cases (folders with model.onnx and test_data_set_*/) and compare outputs.",
            "A DIR holding model.onnx is one case; otherwise each such child folder is.",
            "Prints a line per case and 'N passed, N failed, N skipped'. Exits 0 when the run completed, "
                + "even with failures, unless --fail-on-failure is given."})
final class ConformanceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Case folders or folders of cases.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--list", paramLabel = "FILE", description = "Only the cases named in FILE (one per line; '#' comments).")
    Path list;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: ${DEFAULT-VALUE}).")
    String backend = Backends.defaultName();

    @Option(names = "--tolerance", paramLabel = "node|model", description = "node: ONNX's per-element rtol 1e-3, "
            + "atol 1e-7; model: max error within 1e-4 of the output's scale (default: node).")
    String tolerance = "node";

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the results to FILE (JSON when it ends in .json, else text).")
    Path report;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit per case (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 60;

    @Option(names = "--fail-on-failure", description = "Exit 1 when any case failed.")
    boolean failOnFailure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Tolerance tol = parseTolerance();
        Backends.find(backend);
        List<String> keep = null;
        if (list != null) {
            keep = Files.readAllLines(list).stream().map(s -> s.replaceAll("#.*", "").trim())
                    .filter(s -> !s.isEmpty()).collect(Collectors.toList());
        }
        List<Path> cases = ConformanceRunner.findCases(dirs, keep);
        PrintWriter out = spec.commandLine().getOut();
        if (keep != null) {
            warnAboutUnmatched(keep, cases);
        }
        ProgressLine progress = ProgressLine.steps(spec.commandLine().getErr(), "conformance");
        List<CaseResult> results = new ConformanceRunner(backend, tol, timeoutSeconds).runAll(cases, r -> {
            progress.clear();
            out.println(r);
            out.flush();
        }, progress);
        ConformanceReport rep = new ConformanceReport(backend, tol, results);
        out.println(rep.summary());
        if (report != null) {
            rep.write(report);
            out.println("report written to " + report);
        }
        return failOnFailure && rep.count(CaseResult.Status.FAILED) > 0 ? Ondeck.ERROR : 0;
    }

    private void warnAboutUnmatched(List<String> keep, List<Path> cases) {
        Set<String> found = new HashSet<>();
        cases.forEach(c -> found.add(c.getFileName().toString()));
        List<String> missing = keep.stream().filter(k -> !found.contains(k)).distinct().collect(Collectors.toList());
        if (!missing.isEmpty()) {
            spec.commandLine().getErr().printf("warning: %d case(s) of %s not found: %s%s%n", missing.size(), list,
                    String.join(", ", missing.subList(0, Math.min(10, missing.size()))), missing.size() > 10 ? ", ..." : "");
        }
    }

    private Tolerance parseTolerance() {
        for (Tolerance t : Tolerance.values()) {
            if (t.name().equalsIgnoreCase(tolerance)) {
                return t;
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--tolerance expects node or model, found '" + tolerance + "'");
    }
}
