package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.kernel.protocol.Message;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's magics and display updates, through execute requests over real ZeroMQ sockets. */
@Timeout(120)
class MagicsTest {
    static KernelProcess kernel;
    static TestClient client;

    /** The reply and the iopub messages of one executed cell. */
    record Cell(Message reply, List<Message> iopub) {
        String stdout() {
            return iopub.stream().filter(m -> m.type().equals("stream") && "stdout".equals(m.content().get("name")))
                    .map(m -> (String) m.content().get("text")).collect(Collectors.joining());
        }

        Object result() {
            return iopub.stream().filter(m -> m.type().equals("execute_result")).findFirst()
                    .map(m -> ((Map<?, ?>) m.content().get("data")).get("text/plain")).orElse(null);
        }

        Object status() {
            return reply.content().get("status");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelProcess.start();
        client = new TestClient(kernel.connection);
        client.awaitReady(kernel);
        Message first = client.execute("1");
        assertNotNull(TestClient.replyTo(client.shell, first, 90_000), "no reply to the first cell: " + kernel.log());
        client.iopubUntilIdle(first);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        kernel.close();
    }

    static Cell run(String code) {
        Message req = client.execute(code);
        Message reply = TestClient.replyTo(client.shell, req, 90_000);
        assertNotNull(reply, "no reply to " + code);
        return new Cell(reply, client.iopubUntilIdle(req));
    }

    @Test
    void helpComesBackAsPagePayloadListingTheMagics() {
        Cell help = run("%help");
        List<?> payload = (List<?>) help.reply().content().get("payload");
        assertEquals(1, payload.size());
        Map<?, ?> page = (Map<?, ?>) payload.getFirst();
        assertEquals("page", page.get("source"));
        String text = (String) ((Map<?, ?>) page.get("data")).get("text/plain");
        for (String magic : List.of("%maven", "%jars", "%classpath", "%load", "%time")) {
            assertTrue(text.contains(magic), magic + " missing from %help:\n" + text);
        }
    }

    @Test
    void jarsAddsACompiledJarAndClasspathListsIt(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("Greeter.java"),
                "package demo; public class Greeter { public static String hi() { return \"hi from a jar\"; } }");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), src.toString()));
        Path jar = dir.resolve("greeter.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("demo/Greeter.class"));
            j.write(Files.readAllBytes(dir.resolve("demo/Greeter.class")));
        }
        assertEquals("error", run("demo.Greeter.hi()").status());
        Cell added = run("%jars " + jar);
        assertEquals("added 1 jar(s)\n", added.stdout());
        assertEquals("\"hi from a jar\"", run("demo.Greeter.hi()").result());
        assertTrue(run("%classpath").stdout().contains(jar.toString()));
    }

    @Test
    void loadRunsAJshFileAndTimeReportsWallTime(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("helpers.jsh"), "int square(int x) { return x * x; }\nint loaded = square(7);\n");
        assertEquals("ok", run("%load " + script).status());
        assertEquals("49", run("loaded").result());
        Cell timed = run("%time square(9)");
        assertEquals("81", timed.result());
        assertTrue(timed.stdout().matches("Wall time: \\d+\\.\\d{3} ms\\n"), timed.stdout());
        Cell cellTimed = run("%%time\nint t = square(3);\nSystem.out.println(t);");
        assertTrue(cellTimed.stdout().matches("9\\nWall time: \\d+\\.\\d{3} ms\\n"), cellTimed.stdout());
    }

    @Test
    void mavenResolvesFromMavenCentralIntoTheLocalRepository() {
        Cell resolved = run("%maven org.apache.commons:commons-text:1.12.0");
        assertEquals("ok", resolved.status(), resolved.reply().content().toString());
        assertTrue(resolved.stdout().matches("added [2-9] jar\\(s\\) from Maven\\n"), resolved.stdout());
        assertEquals("\"On Deck\"", run("org.apache.commons.text.WordUtils.capitalize(\"on deck\")").result());
        assertTrue(run("%classpath").stdout().contains("commons-lang3"), "the dependency was not added");
    }

    @Test
    void unknownMagicAndBadMavenCoordinatesAreClearErrors() {
        Cell unknown = run("%frobnicate");
        assertEquals("error", unknown.status());
        assertTrue(((String) unknown.reply().content().get("evalue")).contains("known:"));
        Cell bad = run("%maven not-coordinates");
        assertEquals("error", bad.status());
        assertTrue(((String) bad.reply().content().get("evalue")).contains("expected group:artifact:version"));
    }

    @Test
    void updateDisplayReplacesAnEarlierOutputById() {
        Cell shown = run("var handle = display(html(\"<i>first</i>\"));");
        Message display = shown.iopub().stream().filter(m -> m.type().equals("display_data")).findFirst().orElseThrow();
        Object id = ((Map<?, ?>) display.content().get("transient")).get("display_id");
        Cell updated = run("updateDisplay(handle, html(\"<b>second</b>\"));");
        Message update = updated.iopub().stream().filter(m -> m.type().equals("update_display_data")).findFirst()
                .orElseThrow();
        assertEquals(id, ((Map<?, ?>) update.content().get("transient")).get("display_id"));
        assertEquals("<b>second</b>", ((Map<?, ?>) update.content().get("data")).get("text/html"));
    }
}
