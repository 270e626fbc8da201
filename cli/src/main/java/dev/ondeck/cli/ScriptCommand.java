package dev.ondeck.cli;

import dev.ondeck.kernel.notebook.ScriptRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck script FILE.jsh [ARGS...]}: runs a JShell script through the kernel's evaluator. */
@Command(name = "script", mixinStandardHelpOptions = true,
        description = {"Run a JShell script (.jsh) with the notebook kernel's imports, display API and %magics.",
            "The script sees String[] args (the ARGS) and Path scriptDir (its folder). display(...) prints the "
                + "text form; with --out, images are saved there. Exits 1 if a snippet fails.",
            "Options go before FILE; everything after FILE is passed to the script."})
final class ScriptCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "Save displayed images (PNG, SVG) in DIR.")
    Path out;

    @Parameters(index = "0", paramLabel = "FILE.jsh", description = "The script.")
    Path script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the script (its args array).")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(script)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no script file " + script);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        return new ScriptRunner(text -> {
            stdout.print(text);
            stdout.flush();
        }, text -> {
            stderr.print(text);
            stderr.flush();
        }, out).run(script, args);
    }
}
