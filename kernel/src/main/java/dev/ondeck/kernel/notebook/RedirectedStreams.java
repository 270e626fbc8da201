package dev.ondeck.kernel.notebook;

import dev.ondeck.kernel.io.StreamRouter;
import dev.ondeck.kernel.io.TextSink;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out} and {@code System.err} to text sinks while open, as the kernel routes them to
 * iopub; closing flushes and puts the previous streams back.
 */
final class RedirectedStreams implements AutoCloseable {
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final PrintStream out;
    private final PrintStream err;

    RedirectedStreams(TextSink stdout, TextSink stderr) {
        out = new PrintStream(new StreamRouter(stdout), true, StandardCharsets.UTF_8);
        err = new PrintStream(new StreamRouter(stderr), true, StandardCharsets.UTF_8);
        System.setOut(out);
        System.setErr(err);
    }

    /** The stderr that was current before, for the runner's own messages. */
    PrintStream originalErr() {
        return oldErr;
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
