package dev.ondeck.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    static Evaluator ev;

    @BeforeAll
    static void start() {
        ev = new Evaluator(List.of(), List.of("import java.util.*;"));
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void lastExpressionOfMultiSnippetCellIsTheValue() {
        CellOutcome.Ok ok = assertInstanceOf(CellOutcome.Ok.class,
                ev.eval("List<Integer> xs = new ArrayList<>();\nxs.add(4);\nxs", 1));
        assertEquals(List.of(4), ok.value());
        assertEquals("[4]", ok.text());
        assertEquals(false, ((CellOutcome.Ok) ev.eval("xs.size();", 2)).hasValue());
    }

    @Test
    void compileErrorPointsAtCellLineAndColumn() {
        CellOutcome.Failed f = assertInstanceOf(CellOutcome.Failed.class,
                ev.eval("int ok = 1;\nint bad = nope + 1;", 3));
        assertEquals("CompilationException", f.ename());
        assertTrue(f.traceback().get(0).startsWith("Compile error at line 2, column 11"), f.traceback().toString());
        assertEquals("              ^", f.traceback().get(2));
    }

    @Test
    void runtimeExceptionShowsTrimmedTraceWithCellLines() {
        CellOutcome.Failed f = assertInstanceOf(CellOutcome.Failed.class,
                ev.eval("void boom() {\n  throw new IllegalStateException(\"x\");\n}\nboom();", 4));
        assertEquals("java.lang.IllegalStateException", f.ename());
        assertTrue(f.traceback().contains("    at boom (cell [4] line 2)"), f.traceback().toString());
        assertTrue(f.traceback().stream().noneMatch(l -> l.contains("jdk.jshell")), f.traceback().toString());
    }

    @Test
    void completenessAndCompletion() {
        CodeAssist a = ev.assist();
        assertEquals("incomplete", a.completeness("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", a.completeness("int q = 1;\nq + 1"));
        assertEquals("invalid", a.completeness("\"abc"));
        CodeAssist.Completions c = a.complete("int z = 1;\nSystem.currentTimeM", 30);
        assertEquals(List.of("currentTimeMillis()"), c.matches());
        assertEquals(18, c.start());
    }
}
