package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.kernel.protocol.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two kernels in a row over real ZeroMQ sockets, sharing a Jupyter data directory: the second sees the first's cells. */
@Timeout(180)
class HistoryAcrossSessionsTest {

    @Test
    void aNewKernelsHistoryRequestsSeeEarlierSessionsWithTheirNumbers(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (KernelProcess first = KernelProcess.start(Files.createDirectories(dir.resolve("first")), data);
             TestClient client = new TestClient(first.connection)) {
            client.awaitReady(first);
            assertEquals("ok", client.run("int first = 1;").content().get("status"));
            assertEquals("ok", client.run("first + 41").content().get("status"));
            Message shutdown = client.send(client.control, "shutdown_request", Map.of("restart", false));
            TestClient.replyTo(client.control, shutdown, 10_000);
            assertTrue(first.process.waitFor(30, TimeUnit.SECONDS), "the first kernel did not exit");
        }
        try (KernelProcess second = KernelProcess.start(Files.createDirectories(dir.resolve("second")), data);
             TestClient client = new TestClient(second.connection)) {
            client.awaitReady(second);
            assertEquals("ok", client.run("String second = \"two\";").content().get("status"));

            assertEquals(List.of(List.of(1L, 1L, "int first = 1;"), List.of(1L, 2L, "first + 41"),
                    List.of(2L, 1L, "String second = \"two\";")), history(client, Map.of("hist_access_type", "tail", "n", 3)));
            assertEquals(List.of(List.of(1L, 2L, List.of("first + 41", "42"))), history(client,
                    Map.of("hist_access_type", "range", "session", 1, "start", 2, "stop", 3, "output", true)));
            assertEquals(List.of(List.of(1L, 1L, "int first = 1;"), List.of(1L, 2L, "first + 41")), history(client,
                    Map.of("hist_access_type", "range", "session", -1, "start", 1, "stop", 0)));
            assertEquals(List.of(List.of(2L, 1L, "String second = \"two\";")), history(client,
                    Map.of("hist_access_type", "range", "session", 0, "start", 1, "stop", 0)));
            assertEquals(List.of(List.of(1L, 1L, "int first = 1;"), List.of(1L, 2L, "first + 41")), history(client,
                    Map.of("hist_access_type", "search", "pattern", "*first*", "unique", true)));
        }
    }

    private static Object history(TestClient client, Map<String, Object> request) {
        Map<String, Object> content = new LinkedHashMap<>(Map.of("output", false, "raw", true));
        content.putAll(request);
        Message req = client.send(client.shell, "history_request", content);
        Message reply = TestClient.replyTo(client.shell, req, 15_000);
        assertEquals("ok", reply.content().get("status"));
        return reply.content().get("history");
    }
}
