package dev.ondeck.kernel.eval;

import java.util.concurrent.CompletableFuture;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Splits cells into snippets with JShell's completeness analysis, on a JShell of its own that is replaced every
 * {@value #RECYCLE_AFTER} uses: each analysis retains about 35 KB in the instance that ran it (JDK 25), which
 * would otherwise grow the kernel's heap with every cell. Completeness is syntactic, so no session state is
 * needed here.
 */
final class SnippetSplitter implements AutoCloseable {
    private static final int RECYCLE_AFTER = 100;

    private JShell parser = newParser();
    private int uses;
    private CompletableFuture<JShell> next;

    private static JShell newParser() {
        JShell js = JShell.builder().executionEngine("local").build();
        js.sourceCodeAnalysis().analyzeCompletion("int warmUp = 1;");
        return js;
    }

    /** JShell's completeness analysis of {@code input}: the first snippet and what remains. */
    synchronized SourceCodeAnalysis.CompletionInfo analyze(String input) {
        if (uses >= RECYCLE_AFTER && next == null) {
            next = CompletableFuture.supplyAsync(SnippetSplitter::newParser,
                    r -> Thread.ofPlatform().name("jshell-parser").daemon().start(r));
        }
        if (next != null && next.isDone() && !next.isCompletedExceptionally()) {
            JShell old = parser;
            parser = next.join();
            next = null;
            uses = 0;
            old.close();
        }
        uses++;
        return parser.sourceCodeAnalysis().analyzeCompletion(input);
    }

    @Override
    public synchronized void close() {
        parser.close();
        if (next != null) {
            next.thenAccept(JShell::close);
        }
    }
}
