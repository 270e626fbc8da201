package dev.ondeck.kernel;

import dev.ondeck.kernel.protocol.Channel;
import dev.ondeck.kernel.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one writer of the iopub socket. Any thread enqueues messages; stdout/stderr text is buffered per stream
 * and drained as soon as the writer is free, so output streams while a cell runs and arrives in order with
 * the displays around it.
 */
final class IopubPublisher {
    private static final Logger LOG = Logger.getLogger(IopubPublisher.class.getName());
    private static final Message WAKE = new Message(List.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of());
    private static final Message STOP = new Message(List.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of());

    private final Channel channel;
    private final String session;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread writer;
    private Message streamParent;
    private volatile Message parent;

    IopubPublisher(Channel channel, String session) {
        this.channel = channel;
        this.session = session;
        this.writer = Thread.ofPlatform().name("iopub").daemon().unstarted(this::loop);
    }

    void start() {
        writer.start();
    }

    /** The request that stream and display output belongs to. */
    void parent(Message request) {
        parent = request;
    }

    Message parent() {
        return parent;
    }

    /** Publishes a message of {@code type} for {@code request}, after any stream text written before it. */
    synchronized void publish(Message request, String type, Map<String, Object> content) {
        drainStreams();
        enqueue(request, type, content);
    }

    /** Publishes for the current parent request. */
    void publish(String type, Map<String, Object> content) {
        publish(parent, type, content);
    }

    void status(Message request, String state) {
        publish(request, "status", Map.of("execution_state", state));
    }

    /** Appends text to stream {@code name} ({@code stdout} or {@code stderr}). */
    synchronized void stream(String name, String text) {
        if (streamParent != parent) {
            drainStreams();
            streamParent = parent;
        }
        StringBuilder buf = "stderr".equals(name) ? stderr : stdout;
        boolean wasEmpty = stdout.isEmpty() && stderr.isEmpty();
        buf.append(text);
        if (wasEmpty) {
            queue.add(WAKE);
        }
    }

    /** Sends buffered stream text now. */
    synchronized void flush() {
        drainStreams();
    }

    private void drainStreams() {
        drain("stdout", stdout);
        drain("stderr", stderr);
    }

    private void drain(String name, StringBuilder buf) {
        if (buf.isEmpty()) {
            return;
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", name);
        content.put("text", buf.toString());
        buf.setLength(0);
        enqueue(streamParent, "stream", content);
    }

    private void enqueue(Message request, String type, Map<String, Object> content) {
        Message m = Message.child(request, type, session, content);
        queue.add(new Message(List.of(type.getBytes(StandardCharsets.UTF_8)), m.header(), m.parentHeader(),
                m.metadata(), m.content(), m.buffers()));
    }

    private void loop() {
        while (true) {
            Message m;
            try {
                m = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (m == STOP) {
                channel.socket().close();
                return;
            }
            if (m == WAKE) {
                flush();
                continue;
            }
            try {
                channel.send(m);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "iopub send failed", e);
            }
        }
    }

    /** Sends what is queued, then closes the socket (lingering so the last messages leave). */
    void close() {
        flush();
        queue.add(STOP);
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
