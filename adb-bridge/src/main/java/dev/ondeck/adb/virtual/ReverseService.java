package dev.ondeck.adb.virtual;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code reverse:forward:[norebind:]tcp:D;tcp:H}, {@code reverse:killforward:tcp:D},
 * {@code reverse:killforward-all}, {@code reverse:list-forward}: the device listens on loopback port D and
 * opens {@code tcp:H} to the host for each connection (only ever for a configured reverse, as newer adb
 * servers require).
 */
final class ReverseService implements DeviceService {
    private final String command;

    ReverseService(String command) {
        this.command = command;
    }

    @Override
    public void serve(DeviceStream stream) throws IOException {
        Transport t = stream.transport();
        Map<Integer, ServerSocket> reverses = t.reverses();
        OutputStream out = stream.out();
        if (command.equals("killforward-all")) {
            for (ServerSocket s : reverses.values()) {
                s.close();
            }
            reverses.clear();
            reply(out, "OKAY");
        } else if (command.equals("list-forward")) {
            StringBuilder sb = new StringBuilder();
            for (Integer p : reverses.keySet()) {
                sb.append("host tcp:").append(p).append(" tcp:").append(p).append('\n');
            }
            reply(out, "OKAY" + hex4(sb.toString()));
        } else if (command.startsWith("killforward:tcp:")) {
            ServerSocket s = reverses.remove(Integer.parseInt(command.substring("killforward:tcp:".length())));
            if (s == null) {
                reply(out, "FAIL" + hex4("listener '" + command.substring(12) + "' not found"));
            } else {
                s.close();
                reply(out, "OKAY");
            }
        } else if (command.startsWith("forward:")) {
            forward(t, command.substring(8).replace("norebind:", ""), out);
        } else {
            reply(out, "FAIL" + hex4("unsupported reverse request '" + command + "'"));
        }
    }

    private static void forward(Transport t, String spec, OutputStream out) throws IOException {
        String[] parts = spec.split(";");
        if (parts.length != 2 || !parts[0].startsWith("tcp:") || !parts[1].startsWith("tcp:")) {
            reply(out, "FAIL" + hex4("only tcp:PORT;tcp:PORT reverses are supported, found '" + spec + "'"));
            return;
        }
        int requested = Integer.parseInt(parts[0].substring(4));
        String hostService = parts[1];
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requested));
        int port = server.getLocalPort();
        ServerSocket old = t.reverses().put(port, server);
        if (old != null) {
            old.close();
        }
        VirtualDevice device = t.device();
        device.startThread("reverse-" + port, () -> acceptLoop(t, server, hostService));
        reply(out, requested == 0 ? "OKAY" + hex4(Integer.toString(port)) : "OKAY");
    }

    private static void acceptLoop(Transport t, ServerSocket server, String hostService) {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            t.device().startThread("reverse-conn", () -> {
                TcpService pump = new TcpService(t.device(), s);
                try {
                    DeviceStream stream = t.openToHost(hostService);
                    if (stream != null) {
                        pump.serve(stream);
                    }
                } catch (IOException e) {
                    // the host or the client went away
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    pump.release();
                }
            });
        }
    }

    private static String hex4(String s) {
        return String.format("%04x", s.getBytes(StandardCharsets.UTF_8).length) + s;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
