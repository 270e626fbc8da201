package dev.ondeck.kernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Completion, documentation and completeness from JShell's own source analysis. Offsets are UTF-16 indices
 * into the cell; the protocol layer converts code points.
 */
public final class CodeAssist {
    private final SourceCodeAnalysis sca;
    private final SnippetSplitter splitter;

    CodeAssist(SourceCodeAnalysis sca, SnippetSplitter splitter) {
        this.sca = sca;
        this.splitter = splitter;
    }

    /**
     * Completions at {@code cursor}.
     *
     * @param matches     replacement texts for {@code [start, cursor)}
     * @param start       where the replaced text begins
     */
    public record Completions(List<String> matches, int start) {
    }

    /** Suggestions from JShell for the snippet that holds {@code cursor}. */
    public Completions complete(String code, int cursor) {
        int segStart = segmentStart(code, cursor);
        String segment = code.substring(segStart, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = sca.completionSuggestions(segment, segment.length(), anchor);
        boolean anyTyped = suggestions.stream().anyMatch(SourceCodeAnalysis.Suggestion::matchesType);
        Set<String> matches = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            if (!anyTyped || s.matchesType()) {
                matches.add(s.continuation());
            }
        }
        return new Completions(new ArrayList<>(matches), segStart + anchor[0]);
    }

    /** Signatures and Javadoc of what is at {@code cursor}; empty when nothing is known there. */
    public String documentation(String code, int cursor) {
        int segStart = segmentStart(code, cursor);
        String segment = code.substring(segStart, cursor);
        List<SourceCodeAnalysis.Documentation> docs = sca.documentation(segment, segment.length(), true);
        if (docs.isEmpty() && !segment.endsWith("(")) {
            docs = sca.documentation(segment + "(", segment.length() + 1, true);
        }
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                sb.append("\n").append(d.javadoc().strip());
            }
        }
        return sb.toString();
    }

    /** {@code complete}, {@code incomplete} or {@code invalid}, as the is_complete reply wants. */
    public String completeness(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = splitter.analyze(rest);
            Completeness c = ci.completeness();
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                return "incomplete";
            }
            if (c == Completeness.UNKNOWN) {
                return "invalid";
            }
            if (ci.remaining().length() >= rest.length()) {
                return "complete";
            }
            rest = ci.remaining();
        }
        return "complete";
    }

    private int segmentStart(String code, int cursor) {
        int consumed = 0;
        String rest = code.substring(0, cursor);
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = splitter.analyze(rest);
            Completeness c = ci.completeness();
            if (!c.isComplete() || ci.remaining().isBlank() || ci.remaining().length() >= rest.length()) {
                return consumed;
            }
            consumed += rest.length() - ci.remaining().length();
            rest = ci.remaining();
        }
        return consumed;
    }
}
