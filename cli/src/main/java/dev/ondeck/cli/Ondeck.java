package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.OndeckException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ondeck}: the command line of Ondeck. Exit codes: 0 success, 1 model, input or runtime error (one
 * message on stderr; the stack trace only with {@code --debug}), 2 usage error.
 */
@Command(name = "ondeck", mixinStandardHelpOptions = true, versionProvider = Ondeck.Version.class,
        description = "Ondeck: on-device ML notebooks and scripts on a pure-Java ONNX engine.",
        subcommands = {InfoCommand.class, RunCommand.class, ProfileCommand.class, BenchCommand.class, DiffCommand.class, ConformanceCommand.class, DemoCommand.class,
                QuantizeCommand.class, PartitionCommand.class,
                BackendsCommand.class, KernelCommand.class, DevicesCommand.class, PushCommand.class, PullCommand.class,
                VirtualDeviceCommand.class, NotebookCommand.class, ScriptCommand.class, CommandLine.HelpCommand.class})
public final class Ondeck implements Callable<Integer> {
    /** Exit code of a model, input or runtime error. */
    public static final int ERROR = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("ondeck: missing command");
        spec.commandLine().usage(err);
        return USAGE;
    }

    public static void main(String[] args) {
        ProgressLine.terminal = System.console() != null && System.console().isTerminal();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Ondeck());
        cl.setOut(out);
        cl.setErr(err);
        cl.getSubcommands().get("script").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("ondeck: error: " + describe(e));
            if (debugRequested(parsed)) {
                e.printStackTrace(err);
            }
            err.flush();
            return ERROR;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** Loads a model file, refusing a folder by name (the JDK's message would not say which). */
    static Model loadModel(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not an .onnx file");
        }
        return Model.load(file);
    }

    /** One line for an error: the engine's message, or the file that is missing or unreadable. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof NoSuchFileException) {
            NoSuchFileException n = (NoSuchFileException) e;
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) e).getFile();
        }
        if (e instanceof OndeckException || e instanceof IOException || e instanceof IllegalArgumentException) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    /** The version from the build ({@code version.properties}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Ondeck.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"ondeck " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
