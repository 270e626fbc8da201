package dev.ondeck.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.cli.Ondeck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example: each {@code jshell/*.jsh} with {@code ondeck script}, each {@code java/*.java} program's
 * {@code main} (compiled by this module's build). Each must succeed and print every line its source promises
 * in a {@code // expect: ...} comment.
 */
class ExamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("ondeck.root", "..")).toAbsolutePath().normalize();
    private static final Path EXAMPLES = ROOT.resolve("examples");
    private static final Pattern INTERNAL = Pattern.compile(
            "import dev\\.ondeck\\.(engine\\.(onnx|ops|plan|runtime|backend\\.(ref|portable))|visualizers\\.internal)\\b|\\.\\./shared");

    @TempDir
    static Path out;

    @TestFactory
    Stream<DynamicTest> everyJShellScriptRuns() throws IOException {
        return sources("jshell", ".jsh").stream().map(script -> DynamicTest.dynamicTest(name(script), () -> {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            Path images = out.resolve(name(script));
            int code = Ondeck.execute(new String[] {"script", "--out", images.toString(), script.toString()},
                    new PrintWriter(o), new PrintWriter(e));
            assertEquals(0, code, script + "\nstdout:\n" + o + "\nstderr:\n" + e);
            assertPrintsWhatItPromises(script, o.toString());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyJavaExampleRuns() throws IOException {
        return sources("java", ".java").stream().map(source -> DynamicTest.dynamicTest(name(source), () -> {
            String text = Files.readString(source);
            assertFalse(INTERNAL.matcher(text).find(), source + " must use only the public API and bundled data");
            Method main = Class.forName(name(source)).getMethod("main", String[].class);
            PrintStream old = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                main.invoke(null, (Object) new String[] {EXAMPLES.resolve("models").toString(),
                    out.resolve(name(source)).toString()});
            } finally {
                System.setOut(old);
            }
            String printed = captured.toString(StandardCharsets.UTF_8);
            old.print(printed);
            assertPrintsWhatItPromises(source, printed);
        }));
    }

    private static List<Path> sources(String folder, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES.resolve(folder))) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            assertTrue(found.size() >= 4, "examples in " + folder + ": " + found);
            return found;
        }
    }

    private static String name(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    private static void assertPrintsWhatItPromises(Path source, String printed) throws IOException {
        List<String> promised = Files.readAllLines(source).stream().map(String::strip)
                .filter(l -> l.startsWith("// expect: ")).map(l -> l.substring("// expect: ".length())).toList();
        assertFalse(promised.isEmpty(), source + " has no '// expect: ' lines");
        for (String line : promised) {
            assertTrue(printed.contains(line), source + " did not print '" + line + "':\n" + printed);
        }
    }
}
