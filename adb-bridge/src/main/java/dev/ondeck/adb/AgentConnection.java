package dev.ondeck.adb;

import dev.ondeck.adb.agent.AgentProtocol;
import dev.ondeck.adb.host.DeviceLostException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One agent's request/reply stream: reads HELLO (refusing another protocol version), then sends one request
 * frame at a time and reads its reply. A broken stream is a {@link DeviceLostException}, the agent's exit or
 * ERROR reply an {@link AgentException}.
 */
final class AgentConnection {
    /** Writes a request's payload. */
    interface Body {
        void write(DataOutputStream d) throws IOException;
    }

    private final AgentChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final List<String> backends = new ArrayList<>();
    private String release;
    private String runtime;
    private boolean closed;

    AgentConnection(AgentChannel channel) throws IOException {
        this.channel = channel;
        this.in = new DataInputStream(new BufferedInputStream(channel.in(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(channel.out(), 32 * 1024));
        AgentProtocol.Frame hello = readFrame("agent start");
        checkHello(hello, channel.serial);
        DataInputStream d = hello.body();
        d.readInt();
        d.readInt();
        release = AgentProtocol.readString(d);
        runtime = AgentProtocol.readString(d);
        int n = d.readInt();
        for (int i = 0; i < n; i++) {
            backends.add(AgentProtocol.readString(d));
        }
    }

    /** Refuses a HELLO of another protocol version, naming both versions. */
    static void checkHello(AgentProtocol.Frame hello, String serial) throws IOException {
        DataInputStream d = hello.body();
        if (hello.type != AgentProtocol.HELLO || d.readInt() != AgentProtocol.MAGIC) {
            throw new AgentException(serial, "protocol", "the agent did not start with HELLO; is ondeck-agent.jar intact?");
        }
        int version = d.readInt();
        String agentRelease = AgentProtocol.readString(d);
        if (version != AgentProtocol.VERSION) {
            throw new AgentVersionException(version, agentRelease, AgentProtocol.VERSION);
        }
    }

    String serial() {
        return channel.serial;
    }

    List<String> backends() {
        return Collections.unmodifiableList(backends);
    }

    String description() {
        return "ondeck-agent " + release + " on " + runtime;
    }

    /** Sends one request and returns the reply's payload, which must be of type {@code expected}. */
    synchronized DataInputStream request(int type, int expected, String op, Body body) {
        if (closed) {
            throw new IllegalStateException("remote session on " + serial() + " is closed");
        }
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            body.write(new DataOutputStream(b));
            AgentProtocol.write(out, type, b.toByteArray());
        } catch (IOException e) {
            throw new DeviceLostException(serial(), op, e);
        }
        AgentProtocol.Frame f = readFrame(op);
        try {
            if (f.type == AgentProtocol.ERROR) {
                DataInputStream d = f.body();
                throw new AgentException(serial(), AgentProtocol.readString(d), AgentProtocol.readString(d));
            }
        } catch (IOException e) {
            throw malformed(op, e);
        }
        if (f.type != expected) {
            throw new AgentException(serial(), "protocol", "expected reply " + expected + " to " + op + ", found " + f.type);
        }
        return f.body();
    }

    AgentException malformed(String op, IOException e) {
        return new AgentException(serial(), "protocol", "malformed reply to " + op + ": " + e.getMessage());
    }

    private AgentProtocol.Frame readFrame(String op) {
        try {
            return AgentProtocol.read(in);
        } catch (EOFException e) {
            throw channel.ended(op);
        } catch (DeviceLostException e) {
            throw new DeviceLostException(serial(), op, e.getCause());
        } catch (AgentProtocol.BadFrameException e) {
            throw new AgentException(serial(), "protocol", e.getMessage() + " during " + op);
        } catch (IOException e) {
            throw channel.ended(op);
        }
    }

    /** Asks the agent to quit, then ends the channel (and with it the agent's process). */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            AgentProtocol.write(out, AgentProtocol.QUIT, new byte[0]);
            channel.closeRequests();
            AgentProtocol.read(in);
        } catch (IOException | RuntimeException e) {
            // the device or agent is already gone; closing the channel below is all that is left
        }
        channel.close();
    }

    /** Ends the channel without asking the agent (a failed start). */
    synchronized void abort() {
        closed = true;
        channel.close();
    }
}
