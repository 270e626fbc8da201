package dev.ondeck.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ socket speaking the Jupyter wire format. Not thread-safe: each channel belongs to one thread (or is
 * guarded by its owner's lock).
 */
public final class Channel {
    private static final Logger LOG = Logger.getLogger(Channel.class.getName());
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final ZMQ.Socket socket;
    private final MessageSigner signer;

    /** Wraps {@code socket}; {@code name} is used in log lines. */
    public Channel(String name, ZMQ.Socket socket, MessageSigner signer) {
        this.name = name;
        this.socket = socket;
        this.signer = signer;
    }

    /** The underlying socket (for polling). */
    public ZMQ.Socket socket() {
        return socket;
    }

    /** True when a message is waiting to be received, so that {@link #receive()} would not block. */
    public boolean hasPending() {
        return (socket.getEvents() & ZMQ.Poller.POLLIN) != 0;
    }

    /**
     * Receives one message, blocking. Returns null for a message that is malformed or badly signed: it is
     * logged and dropped, and the caller goes on serving.
     */
    public Message receive() {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] f = socket.recv(0);
            if (f == null) {
                return null;
            }
            frames.add(f);
        } while (socket.hasReceiveMore());
        return decode(frames);
    }

    private Message decode(List<byte[]> frames) {
        int d = 0;
        while (d < frames.size() && !Arrays.equals(frames.get(d), DELIMITER)) {
            d++;
        }
        if (d + 5 >= frames.size()) {
            LOG.warning(name + ": dropped a message with " + frames.size() + " frames and no complete body");
            return null;
        }
        String signature = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
        byte[] h = frames.get(d + 2), p = frames.get(d + 3), m = frames.get(d + 4), c = frames.get(d + 5);
        if (!signer.verify(signature, h, p, m, c)) {
            LOG.warning(name + ": dropped a message with a bad signature");
            return null;
        }
        try {
            return new Message(List.copyOf(frames.subList(0, d)), obj(h), obj(p), obj(m), obj(c),
                    List.copyOf(frames.subList(d + 6, frames.size())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": dropped a malformed message: " + e.getMessage());
            return null;
        }
    }

    private static Map<String, Object> obj(byte[] frame) {
        return Json.parseObject(new String(frame, StandardCharsets.UTF_8));
    }

    /** Signs and sends {@code msg}. */
    public void send(Message msg) {
        byte[] h = Json.write(msg.header()).getBytes(StandardCharsets.UTF_8);
        byte[] p = Json.write(msg.parentHeader()).getBytes(StandardCharsets.UTF_8);
        byte[] m = Json.write(msg.metadata()).getBytes(StandardCharsets.UTF_8);
        byte[] c = Json.write(msg.content()).getBytes(StandardCharsets.UTF_8);
        for (byte[] id : msg.identities()) {
            socket.sendMore(id);
        }
        socket.sendMore(DELIMITER);
        socket.sendMore(signer.sign(h, p, m, c));
        socket.sendMore(h);
        socket.sendMore(p);
        socket.sendMore(m);
        if (msg.buffers().isEmpty()) {
            socket.send(c, 0);
            return;
        }
        socket.sendMore(c);
        for (int i = 0; i < msg.buffers().size(); i++) {
            socket.send(msg.buffers().get(i), i == msg.buffers().size() - 1 ? 0 : ZMQ.SNDMORE);
        }
    }
}
