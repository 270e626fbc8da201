package dev.ondeck.adb;

import dev.ondeck.adb.agent.AgentProtocol;
import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.DeviceLostException;
import dev.ondeck.adb.host.ShellProcess;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The byte streams to one running agent: its shell's stdin/stdout ({@link AgentTransport#STDIO}), or a socket
 * to the port it listens on, reached through an adb forward ({@link AgentTransport#FORWARDED_PORT}). The shell
 * that started the agent is held either way; closing the channel ends it, and with it the agent.
 */
abstract class AgentChannel implements Closeable {
    final String serial;
    final ShellProcess shell;

    private AgentChannel(String serial, ShellProcess shell) {
        this.serial = serial;
        this.shell = shell;
    }

    abstract InputStream in() throws IOException;

    abstract OutputStream out() throws IOException;

    /** Signals the agent that no more requests come. */
    abstract void closeRequests() throws IOException;

    /** After the agent's stream ended during {@code op}: the agent's exit, or a lost device. */
    RuntimeException ended(String op) {
        return new AgentException(serial, "exit", "the agent exited during " + op + " (code " + shell.exitCode() + "): "
                + shell.stderrText().trim());
    }

    @Override
    public void close() {
        try {
            shell.close();
        } catch (IOException ignored) {
            // the shell's socket is all there is to release
        }
    }

    static AgentChannel open(AdbClient adb, String serial, String command, AgentTransport transport) {
        return transport == AgentTransport.STDIO ? new Stdio(serial, adb.startShell(serial, command))
                : Forwarded.connect(adb, serial, command + " --listen 0");
    }

    /** The agent's shell v2 stdin and stdout. */
    private static final class Stdio extends AgentChannel {
        Stdio(String serial, ShellProcess shell) {
            super(serial, shell);
        }

        @Override
        InputStream in() {
            return shell.stdout();
        }

        @Override
        OutputStream out() {
            return shell.stdin();
        }

        @Override
        void closeRequests() throws IOException {
            shell.closeStdin();
        }
    }

    /** A socket to 127.0.0.1:HOSTPORT, which the adb server forwards to the agent's device port. */
    private static final class Forwarded extends AgentChannel {
        private final AdbClient adb;
        private final int hostPort;
        private final Socket socket;

        private Forwarded(String serial, ShellProcess shell, AdbClient adb, int hostPort, Socket socket) {
            super(serial, shell);
            this.adb = adb;
            this.hostPort = hostPort;
            this.socket = socket;
        }

        static Forwarded connect(AdbClient adb, String serial, String command) {
            ShellProcess shell = adb.startShell(serial, command);
            int hostPort = -1;
            Socket socket = new Socket();
            try {
                int devicePort = announcedPort(shell, serial);
                hostPort = adb.forward(serial, "tcp:0", "tcp:" + devicePort);
                socket.connect(new InetSocketAddress(adb.host(), hostPort), 5000);
                socket.setTcpNoDelay(true);
                return new Forwarded(serial, shell, adb, hostPort, socket);
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                if (hostPort > 0) {
                    killForwardQuietly(adb, serial, hostPort);
                }
                try {
                    shell.close();
                } catch (IOException ignored) {
                    // already failing
                }
                throw e instanceof RuntimeException ? (RuntimeException) e : new DeviceLostException(serial, "agent start", e);
            }
        }

        /** Reads the agent's {@code LISTENING port} line from its stdout. */
        private static int announcedPort(ShellProcess shell, String serial) throws IOException {
            shell.setReadTimeout(60_000);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            InputStream in = shell.stdout();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0 || line.size() > 200) {
                    throw new AgentException(serial, "exit", "the agent did not announce its port (code " + shell.exitCode()
                            + "): " + line.toString(StandardCharsets.UTF_8.name()) + shell.stderrText().trim());
                }
                line.write(b);
            }
            shell.setReadTimeout(0);
            String text = line.toString(StandardCharsets.UTF_8.name()).trim();
            if (!text.startsWith(AgentProtocol.LISTENING)) {
                throw new AgentException(serial, "protocol", "expected '" + AgentProtocol.LISTENING + "PORT' from the agent, found '" + text + "'");
            }
            return Integer.parseInt(text.substring(AgentProtocol.LISTENING.length()).trim());
        }

        @Override
        InputStream in() throws IOException {
            return socket.getInputStream();
        }

        @Override
        OutputStream out() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        void closeRequests() throws IOException {
            socket.shutdownOutput();
        }

        /**
         * The forwarded socket ended: when the agent's shell then ends with an exit code the agent exited; when
         * the shell's stream breaks (or says nothing for 3 s) the device is gone.
         */
        @Override
        RuntimeException ended(String op) {
            try {
                shell.setReadTimeout(3000);
                shell.collect();
            } catch (DeviceLostException e) {
                return new DeviceLostException(serial, op, e.getCause() instanceof SocketTimeoutException ? e : e.getCause());
            } catch (IOException e) {
                return new DeviceLostException(serial, op, e);
            }
            return super.ended(op);
        }

        @Override
        public void close() {
            closeQuietly(socket);
            killForwardQuietly(adb, serial, hostPort);
            super.close();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }

        private static void killForwardQuietly(AdbClient adb, String serial, int hostPort) {
            try {
                adb.killForward(serial, "tcp:" + hostPort);
            } catch (RuntimeException ignored) {
                // the device (and with it the forward) is already gone
            }
        }
    }
}
