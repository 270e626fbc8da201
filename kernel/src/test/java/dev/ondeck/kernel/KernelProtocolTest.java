package dev.ondeck.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.kernel.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel's protocol behaviour over real ZeroMQ sockets, against a kernel in a child JVM. */
@Timeout(60)
class KernelProtocolTest {
    static KernelProcess kernel;
    static TestClient client;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelProcess.start();
        client = new TestClient(kernel.connection);
        client.awaitReady(kernel);
        Message first = client.execute("1");
        Message reply = TestClient.replyTo(client.shell, first, 90_000);
        assertNotNull(reply, "the first cell got no reply within 90 s (JShell start): " + kernel.log());
        assertEquals("ok", reply.content().get("status"));
        client.iopubUntilIdle(first);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        kernel.close();
    }

    @Test
    void interruptStopsBusyLoopWithinOneSecond() {
        Message req = client.execute("while (true) {}");
        Message busy = client.iopub.receive();
        while (!(busy.type().equals("execute_input"))) {
            busy = client.iopub.receive();
        }
        long t0 = System.nanoTime();
        client.send(client.control, "interrupt_request", Map.of());
        Message reply = TestClient.replyTo(client.shell, req, 5000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertNotNull(reply, "no execute_reply after interrupt");
        assertEquals("error", reply.content().get("status"));
        System.out.printf("interrupt_request to execute_reply for while (true) {}: %.3f s%n", seconds);
        assertTrue(seconds < 1.0, "interrupt took " + seconds + " s");
        client.iopubUntilIdle(req);
        assertEquals("ok", client.run("1 + 1").content().get("status"));
    }

    @Test
    void badlySignedMessageIsDroppedAndKernelKeepsAnswering() {
        Map<String, Object> header = Message.newHeader("kernel_info_request", client.session);
        client.rawShell.sendMore("<IDS|MSG>");
        client.rawShell.sendMore("0".repeat(64));
        client.rawShell.sendMore(dev.ondeck.kernel.protocol.Json.write(header));
        client.rawShell.sendMore("{}");
        client.rawShell.sendMore("{}");
        client.rawShell.send("{}".getBytes(StandardCharsets.UTF_8), 0);
        Message forged = new Message(List.of(), header, Map.of(), Map.of(), Map.of(), List.of());
        assertNull(TestClient.replyTo(client.shell, forged, 500), "a badly signed request was answered");
        Message ok = client.send(client.shell, "kernel_info_request", Map.of());
        Message reply = TestClient.replyTo(client.shell, ok, 5000);
        assertNotNull(reply);
        assertEquals("ok", reply.content().get("status"));
    }

    @Test
    void cellReadingSystemInGetsInputThroughInputRequest() {
        Message req = client.execute("new java.util.Scanner(System.in).nextLine().toUpperCase()", true);
        client.stdin.socket().setReceiveTimeOut(15_000);
        Message inputRequest = client.stdin.receive();
        assertNotNull(inputRequest);
        assertEquals("input_request", inputRequest.type());
        Message answer = new Message(List.of(), Message.newHeader("input_reply", client.session),
                inputRequest.header(), Map.of(), Map.of("value", "typed text"), List.of());
        client.stdin.send(answer);
        Message reply = TestClient.replyTo(client.shell, req, 15_000);
        assertEquals("ok", reply.content().get("status"));
        List<Message> out = client.iopubUntilIdle(req);
        Message result = out.stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow();
        assertEquals("\"TYPED TEXT\"", ((Map<?, ?>) result.content().get("data")).get("text/plain"));
    }

    @Test
    void redefinedMethodIsUsedAndVariablesKeepTheirValues() {
        assertEquals("ok", client.run("int twice(int x) { return 2 * x; }").content().get("status"));
        assertEquals("ok", client.run("int kept = twice(5);").content().get("status"));
        assertEquals("ok", client.run("int twice(int x) { return 3 * x; }").content().get("status"));
        Message req = client.execute("kept + twice(1)");
        TestClient.replyTo(client.shell, req, 15_000);
        Message result = client.iopubUntilIdle(req).stream().filter(m -> m.type().equals("execute_result"))
                .findFirst().orElseThrow();
        assertEquals("13", ((Map<?, ?>) result.content().get("data")).get("text/plain"));
    }

    @Test
    void commRoundTripAndUnknownTargetIsClosed() {
        assertEquals("ok", client.run("dev.ondeck.kernel.comm.Comms.registerTarget(\"echo\", "
                + "(comm, data) -> comm.onMessage(d -> comm.send(d)));").content().get("status"));
        String id = UUID.randomUUID().toString();
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("comm_id", id);
        open.put("target_name", "echo");
        open.put("data", Map.of());
        Message openReq = client.send(client.shell, "comm_open", open);
        client.iopubUntilIdle(openReq);
        Message msg = client.send(client.shell, "comm_msg", Map.of("comm_id", id, "data", Map.of("ping", 7L)));
        List<Message> out = client.iopubUntilIdle(msg);
        Message echoed = out.stream().filter(m -> m.type().equals("comm_msg")).findFirst().orElseThrow();
        assertEquals(Map.of("ping", 7L), echoed.content().get("data"));

        String other = UUID.randomUUID().toString();
        Message probe = client.send(client.shell, "comm_open",
                Map.of("comm_id", other, "target_name", "jupyter.widget.version", "data", Map.of()));
        assertTrue(client.iopubUntilIdle(probe).stream().anyMatch(m -> m.type().equals("comm_close")));
    }

    @Test
    void systemExitInCellFailsTheCellNotTheKernel() {
        Message reply = client.run("System.exit(0)");
        assertEquals("error", reply.content().get("status"));
        assertTrue(kernel.process.isAlive());
        assertEquals("ok", client.run("2 + 2").content().get("status"));
    }

    @Test
    void stdoutIsStreamedWhileTheCellRuns() {
        Message req = client.execute("System.out.println(\"early\"); Thread.sleep(1500); System.out.println(\"late\");");
        client.iopub.socket().setReceiveTimeOut(15_000);
        Message m;
        do {
            m = client.iopub.receive();
            assertNotNull(m, "no stream output");
        } while (!m.type().equals("stream") || !req.header().get("msg_id").equals(m.parentHeader().get("msg_id")));
        assertEquals("early\n", m.content().get("text"));
        assertNull(TestClient.replyTo(client.shell, req, 300), "the cell had finished before its first line arrived");
        assertEquals("ok", TestClient.replyTo(client.shell, req, 15_000).content().get("status"));
        List<Message> rest = client.iopubUntilIdle(req);
        assertTrue(rest.stream().anyMatch(o -> o.type().equals("stream") && "late\n".equals(o.content().get("text"))));
    }

    @Test
    void sigintWhileIdleIsHarmless() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(kernel.process.pid())).start().waitFor();
        // The JVM handles the signal on its own thread, with no reply to wait for: a cell sent at once may still be
        // the one it interrupts (as SIGINT should). Give it time, and allow that one late-handled interrupt.
        Thread.sleep(500);
        Object status = client.run("4 + 4").content().get("status");
        if (!"ok".equals(status)) {
            status = client.run("4 + 4").content().get("status");
        }
        assertEquals("ok", status);
        assertTrue(kernel.process.isAlive());
    }

    @Test
    void sigintInterruptsWithoutKillingTheJvm() throws Exception {
        Message req = client.execute("long n = 0; while (true) { n++; }");
        Message m = client.iopub.receive();
        while (!m.type().equals("execute_input")) {
            m = client.iopub.receive();
        }
        new ProcessBuilder("kill", "-INT", Long.toString(kernel.process.pid())).start().waitFor();
        Message reply = TestClient.replyTo(client.shell, req, 5000);
        assertNotNull(reply);
        assertEquals("error", reply.content().get("status"));
        client.iopubUntilIdle(req);
        assertTrue(kernel.process.isAlive());
        assertEquals("ok", client.run("3 + 3").content().get("status"));
    }

    @Test
    void userExpressionsAreEvaluatedAfterTheCell() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("code", "int base = 40;");
        c.put("silent", false);
        c.put("store_history", true);
        c.put("user_expressions", Map.of("answer", "base + 2"));
        c.put("allow_stdin", false);
        Message req = client.send(client.shell, "execute_request", c);
        Message reply = TestClient.replyTo(client.shell, req, 15_000);
        client.iopubUntilIdle(req);
        Map<?, ?> answer = (Map<?, ?>) ((Map<?, ?>) reply.content().get("user_expressions")).get("answer");
        assertEquals("ok", answer.get("status"));
        assertEquals("42", ((Map<?, ?>) answer.get("data")).get("text/plain"));
    }

    @Test
    void executesQueuedBehindAFailedCellAreAbortedUntilTheQueueDrains() {
        Message failing = executeStoppingOnError("Thread.sleep(300); throw new IllegalStateException(\"first\");", true);
        Message queued = executeStoppingOnError("int neverRun = 1;", true);
        Message info = client.send(client.shell, "kernel_info_request", Map.of());
        Message alsoQueued = executeStoppingOnError("2 + 2", true);
        Map<Object, Message> replies = shellReplies(4);
        assertEquals("error", status(replies, failing));
        assertEquals("aborted", status(replies, queued));
        assertEquals("ok", status(replies, info), "only execute requests are aborted");
        assertEquals("aborted", status(replies, alsoQueued));
        assertEquals("error", client.run("neverRun").content().get("status"), "an aborted cell must not run");
        assertEquals("ok", client.run("5").content().get("status"), "the queue drained, so cells run again");
    }

    @Test
    void withoutStopOnErrorQueuedExecutesStillRun() {
        Message failing = executeStoppingOnError("Thread.sleep(300); throw new IllegalStateException(\"first\");", false);
        Message queued = executeStoppingOnError("3 * 3", true);
        Map<Object, Message> replies = shellReplies(2);
        assertEquals("error", status(replies, failing));
        assertEquals("ok", status(replies, queued));
    }

    private static Message executeStoppingOnError(String code, boolean stopOnError) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("code", code);
        c.put("silent", false);
        c.put("store_history", true);
        c.put("user_expressions", Map.of());
        c.put("allow_stdin", false);
        c.put("stop_on_error", stopOnError);
        return client.send(client.shell, "execute_request", c);
    }

    /** The next {@code n} shell replies, by the msg_id of the request each answers. */
    private static Map<Object, Message> shellReplies(int n) {
        client.shell.socket().setReceiveTimeOut(15_000);
        Map<Object, Message> replies = new LinkedHashMap<>();
        while (replies.size() < n) {
            Message m = client.shell.receive();
            assertNotNull(m, "missing shell replies; got " + replies.size() + " of " + n);
            replies.put(m.parentHeader().get("msg_id"), m);
        }
        return replies;
    }

    private static Object status(Map<Object, Message> replies, Message request) {
        Message reply = replies.get(request.header().get("msg_id"));
        assertNotNull(reply, "no reply to " + request.type());
        return reply.content().get("status");
    }

    @Test
    void unknownRequestGetsErrorReply() {
        Message req = client.send(client.shell, "frobnicate_request", Map.of());
        Message reply = TestClient.replyTo(client.shell, req, 5000);
        assertEquals("frobnicate_reply", reply.type());
        assertEquals("error", reply.content().get("status"));
    }
}
