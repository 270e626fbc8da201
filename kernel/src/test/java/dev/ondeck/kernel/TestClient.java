package dev.ondeck.kernel;

import dev.ondeck.kernel.protocol.Channel;
import dev.ondeck.kernel.protocol.Message;
import dev.ondeck.kernel.protocol.MessageSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A minimal front end over real ZeroMQ sockets: DEALER shell/control/stdin sharing one identity, SUB iopub. */
final class TestClient implements AutoCloseable {
    final String session = UUID.randomUUID().toString();
    final ZContext zmq = new ZContext();
    final Channel shell;
    final Channel control;
    final Channel stdin;
    final Channel iopub;
    final ZMQ.Socket rawShell;

    TestClient(Map<String, Object> conn) {
        MessageSigner signer = new MessageSigner((String) conn.get("key"), "hmac-sha256");
        byte[] id = session.getBytes(StandardCharsets.US_ASCII);
        rawShell = connect(SocketType.DEALER, conn, "shell_port", id);
        shell = new Channel("shell", rawShell, signer);
        control = new Channel("control", connect(SocketType.DEALER, conn, "control_port", id), signer);
        stdin = new Channel("stdin", connect(SocketType.DEALER, conn, "stdin_port", id), signer);
        ZMQ.Socket sub = connect(SocketType.SUB, conn, "iopub_port", null);
        sub.subscribe(new byte[0]);
        iopub = new Channel("iopub", sub, signer);
    }

    private ZMQ.Socket connect(SocketType type, Map<String, Object> conn, String port, byte[] id) {
        ZMQ.Socket s = zmq.createSocket(type);
        if (id != null) {
            s.setIdentity(id);
        }
        s.setLinger(0);
        s.setReceiveTimeOut(15_000);
        s.connect("tcp://127.0.0.1:" + ((Number) conn.get(port)).intValue());
        return s;
    }

    /** Waits until {@code kernel} answers kernel_info and its iopub reaches this client; runs no cell. */
    void awaitReady(KernelProcess kernel) throws java.io.IOException {
        for (int i = 0; i < 100; i++) {
            Message req = send(shell, "kernel_info_request", Map.of());
            if (replyTo(shell, req, 5000) != null) {
                iopub.socket().setReceiveTimeOut(200);
                if (iopub.receive() != null) {
                    return;
                }
            }
        }
        throw new AssertionError("kernel did not answer: " + kernel.log());
    }

    Message send(Channel ch, String type, Map<String, Object> content) {
        Message m = new Message(List.of(), Message.newHeader(type, session), Map.of(), Map.of(), content, List.of());
        ch.send(m);
        return m;
    }

    Message execute(String code) {
        return execute(code, false);
    }

    Message execute(String code, boolean allowStdin) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("code", code);
        c.put("silent", false);
        c.put("store_history", true);
        c.put("user_expressions", Map.of());
        c.put("allow_stdin", allowStdin);
        c.put("stop_on_error", true);
        return send(shell, "execute_request", c);
    }

    /** The next message on {@code ch} answering {@code request} (others are skipped); null on timeout. */
    static Message replyTo(Channel ch, Message request, int timeoutMs) {
        ch.socket().setReceiveTimeOut(timeoutMs);
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            Message m = ch.receive();
            if (m == null) {
                return null;
            }
            if (request.header().get("msg_id").equals(m.parentHeader().get("msg_id"))) {
                return m;
            }
        }
        return null;
    }

    /** Iopub messages for {@code request} up to and including its idle status. */
    List<Message> iopubUntilIdle(Message request) {
        List<Message> out = new ArrayList<>();
        iopub.socket().setReceiveTimeOut(15_000);
        while (true) {
            Message m = iopub.receive();
            if (m == null) {
                throw new AssertionError("no idle status on iopub; got " + out.stream().map(Message::type).toList());
            }
            if (!request.header().get("msg_id").equals(m.parentHeader().get("msg_id"))) {
                continue;
            }
            out.add(m);
            if ("status".equals(m.type()) && "idle".equals(m.content().get("execution_state"))) {
                return out;
            }
        }
    }

    /** Runs {@code code} and returns the execute_reply, after draining its iopub messages. */
    Message run(String code) {
        Message req = execute(code);
        Message reply = replyTo(shell, req, 15_000);
        iopubUntilIdle(req);
        return reply;
    }

    @Override
    public void close() {
        zmq.close();
    }
}
