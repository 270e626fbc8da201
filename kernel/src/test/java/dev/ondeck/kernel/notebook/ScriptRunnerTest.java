package dev.ondeck.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {
    @TempDir
    Path dir;

    @Test
    void scriptSeesArgsAndItsFolderPrintsDisplaysAndSavesImages() throws Exception {
        Path script = Files.writeString(dir.resolve("s.jsh"), """
                int n = Integer.parseInt(args[0]);
                import java.util.concurrent.atomic.*;
                var counter = new AtomicInteger(n);
                System.out.println("n=" + counter.incrementAndGet() + " in " + scriptDir.getFileName() + " " + args[1]);
                display(png(new byte[] {1, 2, 3}));
                System.err.println("to stderr");
                """);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int code = new ScriptRunner(out::append, err::append, dir.resolve("img")).run(script, List.of("41", "a \"q\""));
        assertEquals(0, code, err.toString());
        assertEquals("n=42 in " + dir.getFileName() + " a \"q\"\n<PNG image>\n[image/png saved to "
                + dir.resolve("img/display-001.png") + "]\n", out.toString());
        assertEquals("to stderr\n", err.toString());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("img/display-001.png")));
    }

    @Test
    void failingScriptReturnsOneWithTheErrorAndLine() throws Exception {
        Path script = Files.writeString(dir.resolve("bad.jsh"), "int a = 1;\n\nint b = a / 0;\n");
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        assertEquals(1, new ScriptRunner(out::append, err::append, null).run(script, List.of()));
        assertTrue(err.toString().startsWith(script + ": java.lang.ArithmeticException: / by zero\n"), err.toString());
        Path typo = Files.writeString(dir.resolve("typo.jsh"), "int a = 1;\n\nint b = nope;\n");
        err.setLength(0);
        assertEquals(1, new ScriptRunner(out::append, err::append, null).run(typo, List.of()));
        assertTrue(err.toString().contains("Compile error at line 3"), err.toString());
    }

    @Test
    void importsAreHoistedKeepingLineNumbers() {
        StringBuilder imports = new StringBuilder();
        assertEquals("int x = 1;\n\n  import y;", ScriptRunner.hoistImports("int x = 1;\nimport java.util.*;\n  import y;", imports));
        assertEquals("import java.util.*;\n", imports.toString());
    }
}
