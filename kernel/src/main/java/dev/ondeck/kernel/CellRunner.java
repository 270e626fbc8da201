package dev.ondeck.kernel;

import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.eval.Evaluator;
import dev.ondeck.kernel.magic.Magic;
import dev.ondeck.kernel.magic.MagicContext;
import dev.ondeck.kernel.magic.MagicException;
import dev.ondeck.kernel.magic.MagicRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one execute request's code: {@code %%magic} cells, {@code %magic} lines between Java snippets, and
 * {@code ?name} lookups; collects the payloads (pager text) for the reply. Also what the headless notebook and
 * script runners use, so a cell behaves the same with or without a front end.
 */
public final class CellRunner implements MagicContext {
    private static final Pattern MAGIC = Pattern.compile("^\\s*%(%?)([A-Za-z][\\w.-]*)(.*)$");
    private static final Pattern INSPECT = Pattern.compile("^\\s*\\?\\s*([\\w.$]+)\\s*$|^\\s*([\\w.$]+)\\s*\\?\\s*$");

    private final Evaluator evaluator;
    private final MagicRegistry magics;
    private final int cellNumber;
    private final List<Map<String, Object>> payloads = new ArrayList<>();

    /** Runs cells as number {@code cellNumber} (the execution count shown in tracebacks). */
    public CellRunner(Evaluator evaluator, MagicRegistry magics, int cellNumber) {
        this.evaluator = evaluator;
        this.magics = magics;
        this.cellNumber = cellNumber;
    }

    /** The payloads (pager text from {@code ?name}) the cells run so far produced. */
    public List<Map<String, Object>> payloads() {
        return payloads;
    }

    @Override
    public CellOutcome runCell(String source) {
        Matcher inspect = INSPECT.matcher(source);
        if (inspect.matches()) {
            String name = inspect.group(1) != null ? inspect.group(1) : inspect.group(2);
            String doc = evaluator.assist().documentation(name, name.length());
            page(doc.isEmpty() ? "No documentation found for " + name : doc);
            return CellOutcome.Ok.empty();
        }
        String[] lines = source.split("\n", -1);
        Matcher first = MAGIC.matcher(lines[0]);
        if (first.matches() && !first.group(1).isEmpty()) {
            String body = String.join("\n", List.of(lines).subList(1, lines.length));
            return runMagic(first.group(2), first.group(3), body);
        }
        return runLines(lines);
    }

    private CellOutcome runLines(String[] lines) {
        CellOutcome last = CellOutcome.Ok.empty();
        StringBuilder chunk = new StringBuilder();
        int chunkStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MAGIC.matcher(lines[i]);
            if (!m.matches() || !m.group(1).isEmpty()) {
                chunk.append(lines[i]).append('\n');
                continue;
            }
            if (!chunk.toString().isBlank()) {
                last = evalChunk(chunkStart, chunk.toString());
                if (last instanceof CellOutcome.Failed) {
                    return last;
                }
            }
            chunk.setLength(0);
            chunkStart = i + 1;
            last = runMagic(m.group(2), m.group(3), null);
            if (last instanceof CellOutcome.Failed) {
                return last;
            }
        }
        if (!chunk.toString().isBlank()) {
            String text = chunk.toString();
            last = evalChunk(chunkStart, text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }
        return last;
    }

    private CellOutcome evalChunk(int firstLine, String code) {
        return evaluator.eval("\n".repeat(firstLine) + code, cellNumber);
    }

    private CellOutcome runMagic(String name, String args, String body) {
        Optional<Magic> magic = magics.find(name);
        if (magic.isEmpty()) {
            return failed("UnknownMagic", "no magic %" + name + "; known: " + magics.all().keySet() + " (see %help)");
        }
        if (evaluator.interrupted()) {
            return failed("Interrupted", "the cell was interrupted");
        }
        try {
            return magic.get().run(args.strip(), body, this);
        } catch (MagicException e) {
            return failed("MagicException", "%" + name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return failed(e.getClass().getName(), "%" + name + " failed: " + e.getMessage());
        }
    }

    private static CellOutcome failed(String ename, String evalue) {
        return new CellOutcome.Failed(ename, evalue, List.of(ename + ": " + evalue));
    }

    @Override
    public CellOutcome eval(String code) {
        return evaluator.eval(code, cellNumber);
    }

    @Override
    public void page(String text) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", "page");
        p.put("data", Map.of("text/plain", text));
        p.put("start", 0);
        payloads.add(p);
    }

    @Override
    public void addToClasspath(String entry) {
        evaluator.addToClasspath(entry);
    }

    @Override
    public List<String> classpath() {
        return evaluator.classpath();
    }

    @Override
    public MagicRegistry magics() {
        return magics;
    }
}
