package dev.ondeck.kernel.eval;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.VarSnippet;

/**
 * Runs cells in a JShell session that executes in this JVM. One cell at a time; {@link #interrupt()} may be
 * called from any thread and stops CPU-bound loops in cell code.
 */
public final class Evaluator implements AutoCloseable {
    private final JShell jshell;
    private final KernelExecutionControl control;
    private final CellErrors errors = new CellErrors();
    private final SnippetSplitter splitter = new SnippetSplitter();
    private final List<String> classpath = new ArrayList<>();
    private volatile boolean interruptRequested;

    /**
     * Starts JShell with {@code classpath} (directories or jars) visible to cells and runs {@code imports}
     * (each an import declaration such as {@code import java.util.*;}).
     */
    public Evaluator(List<String> classpath, List<String> imports) {
        this.control = new KernelExecutionControl(Evaluator.class.getClassLoader(), () -> interruptRequested);
        this.jshell = JShell.builder()
                .executionEngine(new KernelExecutionControl.Provider(control), java.util.Map.of())
                .compilerOptions("-proc:none", "-Xlint:none")
                .build();
        for (String entry : classpath) {
            addToClasspath(entry);
        }
        for (String imp : imports) {
            for (SnippetEvent e : jshell.eval(imp)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    throw new IllegalArgumentException("default import rejected: " + imp);
                }
            }
        }
    }

    /** Compiles and runs a throwaway snippet and asks for a completion, so the first cell starts warm. */
    public void warmUp() {
        for (SnippetEvent e : jshell.eval("Math.abs(-1)")) {
            jshell.drop(e.snippet());
        }
        jshell.sourceCodeAnalysis().completionSuggestions("Math.ab", 7, new int[1]);
    }

    /** Makes a directory or jar visible to later cells. */
    public void addToClasspath(String entry) {
        String abs = new File(entry).getAbsolutePath();
        if (!classpath.contains(abs)) {
            jshell.addToClasspath(abs);
            classpath.add(abs);
        }
    }

    /** The class path entries added so far. */
    public List<String> classpath() {
        return List.copyOf(classpath);
    }

    /** Code analysis for completion, inspection and completeness. */
    public CodeAssist assist() {
        return new CodeAssist(jshell.sourceCodeAnalysis(), splitter);
    }

    /** Asks a running cell to stop; a cell stopped this way fails with {@code Interrupted}. */
    public void interrupt() {
        interruptRequested = true;
        jshell.stop();
    }

    /** Clears a pending interrupt; call before running a new cell. */
    public void clearInterrupt() {
        interruptRequested = false;
    }

    /** Whether an interrupt arrived since {@link #clearInterrupt()}. */
    public boolean interrupted() {
        return interruptRequested;
    }

    /**
     * Runs {@code code} as cell number {@code cellNumber}: every snippet in order, stopping at the first error.
     * The value of a last expression not followed by a semicolon is returned.
     */
    public CellOutcome eval(String code, int cellNumber) {
        String rest = code;
        CellOutcome last = CellOutcome.Ok.empty();
        while (!rest.isBlank()) {
            if (interruptRequested) {
                return interruptedOutcome();
            }
            SourceCodeAnalysis.CompletionInfo ci = splitter.analyze(rest);
            boolean whole = ci.source() == null || ci.completeness() == Completeness.DEFINITELY_INCOMPLETE;
            String src = whole ? rest : ci.source();
            String remaining = whole ? "" : ci.remaining();
            int start = code.length() - rest.length() + offsetIn(rest, src);
            last = evalSnippet(code, src, start, cellNumber);
            if (last instanceof CellOutcome.Failed) {
                return last;
            }
            rest = remaining;
        }
        boolean showValue = !code.strip().endsWith(";");
        return showValue ? last : CellOutcome.Ok.empty();
    }

    private CellOutcome evalSnippet(String code, String src, int start, int cellNumber) {
        List<SnippetEvent> events = jshell.eval(src);
        if (control.wasStopped() || interruptRequested) {
            return interruptedOutcome();
        }
        CellOutcome result = CellOutcome.Ok.empty();
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            Snippet s = e.snippet();
            errors.record(s.id(), cellNumber, CellErrors.lineOf(code, start));
            if (e.exception() != null) {
                return errors.exception(e.exception());
            }
            if (e.status() == Snippet.Status.REJECTED) {
                return errors.compileError(code, start, jshell.diagnostics(s).toList());
            }
            result = valueOf(s, e.value());
            if (s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND && jshell.status(s).isActive()) {
                jshell.drop(s);
            }
        }
        return result;
    }

    private CellOutcome valueOf(Snippet s, String text) {
        VarSnippet var = null;
        if (s instanceof VarSnippet v && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            var = v;
        } else if (s instanceof ExpressionSnippet ex) {
            var = jshell.variables().filter(v -> v.name().equals(ex.name()))
                    .filter(v -> jshell.status(v).isActive()).reduce((a, b) -> b).orElse(null);
        }
        if (var == null || text == null) {
            return CellOutcome.Ok.empty();
        }
        String shown = jshell.varValue(var);
        Object value = control.lastValue();
        if (var == s) {
            // Later wrappers import every live variable, so kept $N temporaries make each cell cost more
            // memory and time than the one before; the value has been captured, so the temporary goes.
            jshell.drop(var);
        }
        return new CellOutcome.Ok(true, value, shown);
    }

    private CellOutcome interruptedOutcome() {
        return new CellOutcome.Failed("Interrupted", "the cell was interrupted",
                List.of("Interrupted: the cell was interrupted"));
    }

    private static int offsetIn(String rest, String src) {
        String head = src.strip();
        if (head.endsWith(";")) {
            head = head.substring(0, head.length() - 1);
        }
        head = head.substring(0, Math.min(head.length(), 40));
        int inRest = head.isEmpty() ? -1 : rest.indexOf(head);
        int inSrc = head.isEmpty() ? -1 : src.indexOf(head);
        if (inRest >= 0 && inSrc >= 0 && inRest >= inSrc) {
            return inRest - inSrc;
        }
        int j = 0;
        while (j < rest.length() && Character.isWhitespace(rest.charAt(j))) {
            j++;
        }
        return j;
    }

    @Override
    public void close() {
        splitter.close();
        jshell.close();
    }
}
