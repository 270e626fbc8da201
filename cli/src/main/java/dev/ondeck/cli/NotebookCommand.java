package dev.ondeck.cli;

import dev.ondeck.kernel.notebook.CellError;
import dev.ondeck.kernel.notebook.HtmlReport;
import dev.ondeck.kernel.notebook.Notebook;
import dev.ondeck.kernel.notebook.NotebookRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck notebook run NB.ipynb}: executes a notebook headless, without Jupyter or Python. */
@Command(name = "notebook", mixinStandardHelpOptions = true, description = "Work with notebooks without Jupyter.",
        subcommands = NotebookCommand.Run.class)
final class NotebookCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code ondeck notebook run NB.ipynb [--output OUT.ipynb] [--html OUT.html] [--allow-errors]}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Execute a notebook's code cells through the Ondeck kernel's evaluator (no Jupyter, no Python), "
                + "in a fresh JVM whose working folder is the notebook's, as under Jupyter.",
                "Writes the outputs back (--output) and a self-contained HTML report with embedded images (--html).",
                "Stops at the first failing cell and exits 1 naming it (index and first line); --allow-errors runs "
                    + "the remaining cells too."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NB.ipynb", description = "The notebook (nbformat 4).")
        Path notebook;

        @Option(names = {"-o", "--output"}, paramLabel = "OUT.ipynb", description = "Write the executed notebook here "
                + "(may be NB.ipynb itself).")
        Path output;

        @Option(names = "--html", paramLabel = "OUT.html", description = "Write a self-contained HTML report here.")
        Path html;

        @Option(names = "--allow-errors", description = "Run every cell even after one fails (the exit code is still 1).")
        boolean allowErrors;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit per cell (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds = 600;

        @Option(names = "--in-process", description = "Run in this JVM, with relative paths resolved against the "
                + "current folder rather than the notebook's.")
        boolean inProcess;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (!Files.isRegularFile(notebook)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no notebook file " + notebook);
            }
            if (timeoutSeconds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
            }
            return inProcess ? runHere() : ChildJvm.run(childArgs(), notebook.toAbsolutePath().getParent(),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }

        private List<String> childArgs() {
            List<String> args = new ArrayList<>(List.of("notebook", "run", "--in-process",
                    notebook.toAbsolutePath().toString(), "--timeout", Long.toString(timeoutSeconds)));
            if (output != null) {
                args.addAll(List.of("--output", output.toAbsolutePath().toString()));
            }
            if (html != null) {
                args.addAll(List.of("--html", html.toAbsolutePath().toString()));
            }
            if (allowErrors) {
                args.add("--allow-errors");
            }
            return args;
        }

        private int runHere() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Notebook nb = Notebook.read(notebook);
            int codeCells = (int) nb.codeCellIndices().stream()
                    .filter(i -> !Notebook.source(nb.cells().get(i)).isBlank()).count();
            long start = System.nanoTime();
            NotebookRunner.Outcome outcome;
            try (NotebookRunner runner = NotebookRunner.standard()) {
                int[] done = {0};
                outcome = runner.run(nb, allowErrors, Duration.ofSeconds(timeoutSeconds), r -> {
                    err.printf(Locale.ROOT, "[%d/%d] cell %d %s in %.1f s: %s%n", ++done[0], codeCells, r.index(),
                            r.failed() ? "FAILED" : "ok", r.seconds(), r.firstLine());
                    err.flush();
                });
            }
            if (output != null) {
                nb.write(output);
                out.println("notebook written to " + output);
            }
            if (html != null) {
                new HtmlReport(notebook.toAbsolutePath().getParent()).write(nb, title(), html);
                out.println("HTML report written to " + html);
            }
            out.printf(Locale.ROOT, "%s: %d cells run in %.1f s, %d failed%n", notebook.getFileName(), outcome.cellsRun(),
                    (System.nanoTime() - start) / 1e9, outcome.errors().size());
            for (CellError e : outcome.errors()) {
                err.println("ondeck: " + notebook + ": " + e.describe());
            }
            return outcome.errors().isEmpty() ? 0 : Ondeck.ERROR;
        }

        private String title() {
            String name = notebook.getFileName().toString();
            return name.endsWith(".ipynb") ? name.substring(0, name.length() - 6) : name;
        }
    }
}
