package dev.ondeck.kernel.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/** Turns JShell diagnostics and exceptions into user-facing errors that point at cell lines. */
final class CellErrors {
    /** Snippet id → (cell label, line of the snippet's first line in its cell, 0-based). */
    private final Map<String, Origin> origins = new HashMap<>();

    private record Origin(int cell, int firstLine) {
    }

    /** Remembers where snippet {@code id} starts: cell number {@code cell}, 0-based line {@code line}. */
    void record(String id, int cell, int line) {
        origins.put(id, new Origin(cell, line));
    }

    /** A compile error: each error diagnostic with its cell line, column and a caret under the code. */
    CellOutcome.Failed compileError(String cell, int snippetStart, List<Diag> diags) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            String msg = d.getMessage(Locale.ROOT).lines()
                    .filter(l -> !l.strip().equals("location: class"))
                    .reduce((a, b) -> a + "\n" + b).orElse("");
            first = first == null ? msg.lines().findFirst().orElse(msg) : first;
            long p = d.getPosition() == Diag.NOPOS ? d.getStartPosition() : d.getPosition();
            int abs = (int) Math.min(cell.length(), snippetStart + Math.max(0, p));
            int line = lineOf(cell, abs);
            int lineStart = cell.lastIndexOf('\n', abs - 1) + 1;
            int lineEnd = cell.indexOf('\n', abs);
            String text = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
            int col = abs - lineStart;
            lines.add("Compile error at line " + (line + 1) + ", column " + (col + 1) + ": " + msg);
            lines.add("    " + text);
            lines.add("    " + " ".repeat(col) + "^");
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add(first);
        }
        return new CellOutcome.Failed("CompilationException", first, lines);
    }

    /** A runtime exception from a snippet, with a stack trace trimmed to library and cell frames. */
    CellOutcome.Failed exception(JShellException e) {
        List<String> lines = new ArrayList<>();
        String name = nameOf(e);
        String message = e instanceof UnresolvedReferenceException u
                ? "'" + u.getSnippet().source().strip().lines().findFirst().orElse("") + "' refers to something not yet declared"
                : String.valueOf(e.getMessage());
        lines.add(name + ": " + message);
        appendFrames(lines, e);
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            String cn = cause instanceof JShellException je ? nameOf(je) : cause.getClass().getName();
            lines.add("Caused by: " + cn + ": " + cause.getMessage());
            appendFrames(lines, cause);
        }
        return new CellOutcome.Failed(name, message, lines);
    }

    private static String nameOf(JShellException e) {
        return e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getSimpleName();
    }

    private void appendFrames(List<String> lines, Throwable t) {
        for (StackTraceElement f : t.getStackTrace()) {
            String file = f.getFileName();
            if (file != null && file.startsWith("#")) {
                Origin o = origins.get(file.substring(1));
                String where = o == null ? "earlier cell" : "cell [" + o.cell + "] line " + (o.firstLine + f.getLineNumber());
                String method = f.getMethodName().isEmpty() ? "" : f.getMethodName() + " ";
                lines.add("    at " + method + "(" + where + ")");
            } else if (f.getClassName().equals(ExitTrap.class.getName())) {
                continue;
            } else if (f.getClassName().startsWith("jdk.internal.reflect") || f.getClassName().startsWith("java.lang.reflect")) {
                return;
            } else {
                lines.add("    at " + f);
            }
        }
    }

    /** The 0-based line of character offset {@code pos} in {@code text}. */
    static int lineOf(String text, int pos) {
        int line = 0;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
