package dev.ondeck.kernel;

import dev.ondeck.kernel.io.InputSource;
import dev.ondeck.kernel.protocol.Channel;
import dev.ondeck.kernel.protocol.Message;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Reads user input by sending input_request on the stdin channel to the front end of the running request. */
final class StdinBridge implements InputSource {
    private final Channel stdin;
    private final String session;
    private final IopubPublisher iopub;
    private final BooleanSupplier interrupted;
    private volatile Message request;
    private volatile boolean allowed;

    StdinBridge(Channel stdin, String session, IopubPublisher iopub, BooleanSupplier interrupted) {
        this.stdin = stdin;
        this.session = session;
        this.iopub = iopub;
        this.interrupted = interrupted;
    }

    /** The execute request that input belongs to, and whether its front end accepts input requests. */
    void request(Message executeRequest, boolean allowStdin) {
        this.request = executeRequest;
        this.allowed = allowStdin;
    }

    @Override
    public synchronized String readLine(String prompt, boolean password) throws IOException {
        Message req = request;
        if (!allowed || req == null) {
            throw new StdinNotAllowedException();
        }
        iopub.flush();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("prompt", prompt);
        content.put("password", password);
        stdin.send(Message.child(req, "input_request", session, content));
        return awaitReply();
    }

    private String awaitReply() throws IOException {
        stdin.socket().setReceiveTimeOut(100);
        while (true) {
            if (interrupted.getAsBoolean()) {
                throw new InterruptedIOException("input was interrupted");
            }
            Message reply = stdin.receive();
            if (reply != null && "input_reply".equals(reply.type())) {
                return reply.string("value", "");
            }
        }
    }

    /** The front end does not accept input (allow_stdin was false). */
    static final class StdinNotAllowedException extends IOException {
        StdinNotAllowedException() {
            super("this front end does not support input (allow_stdin is false)");
        }
    }
}
