package dev.ondeck.adb.virtual;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection from the adb server to the virtual device: answers CNXN (never AUTH or STLS), and routes
 * OPEN, WRTE, OKAY and CLSE to {@link DeviceStream}s, each served on its own thread.
 */
final class Transport implements Runnable {
    private final VirtualDevice device;
    private final Socket socket;
    private final OutputStream out;
    private final Map<Integer, DeviceStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, java.net.ServerSocket> reverses = new ConcurrentHashMap<>();
    private volatile int maxData = AdbPacket.MAX_DATA;

    Transport(VirtualDevice device, Socket socket) throws IOException {
        this.device = device;
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    int maxData() {
        return maxData;
    }

    @Override
    public void run() {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            while (true) {
                dispatch(AdbPacket.read(in, AdbPacket.MAX_DATA));
            }
        } catch (IOException e) {
            // the server or the device closed the connection
        } finally {
            shutdown();
        }
    }

    private void dispatch(AdbPacket p) throws IOException {
        switch (p.command) {
            case AdbPacket.CNXN:
                if (device.staysOffline()) {
                    break;
                }
                if (device.refusesAuthorization()) {
                    sendAuthToken();
                    break;
                }
                maxData = Math.max(1024, Math.min(p.arg1, AdbPacket.MAX_DATA));
                byte[] banner = device.banner().getBytes(StandardCharsets.UTF_8);
                send(AdbPacket.CNXN, AdbPacket.VERSION, maxData, banner, 0, banner.length);
                break;
            case AdbPacket.AUTH:
                if (p.arg0 == 2) {
                    sendAuthToken();
                }
                break;
            case AdbPacket.OPEN:
                open(p.arg0, p.text());
                break;
            case AdbPacket.WRTE: {
                DeviceStream s = streams.get(p.arg1);
                if (s != null) {
                    s.received(p.data);
                    send(AdbPacket.OKAY, s.localId, s.remoteId, p.data, 0, 0);
                }
                break;
            }
            case AdbPacket.OKAY: {
                DeviceStream s = streams.get(p.arg1);
                if (s != null && s.remoteId == 0) {
                    s.openedByHost(p.arg0);
                } else if (s != null) {
                    s.acknowledged();
                }
                break;
            }
            case AdbPacket.CLSE: {
                DeviceStream s = streams.remove(p.arg1);
                if (s != null) {
                    s.remoteClosed();
                }
                break;
            }
            default:
                break;
        }
    }

    /** AUTH(TOKEN): a refusing device answers every signature with a new token, until the host gives up. */
    private void sendAuthToken() throws IOException {
        byte[] token = new byte[20];
        new java.security.SecureRandom().nextBytes(token);
        send(AdbPacket.AUTH, 1, 0, token, 0, token.length);
    }

    private void open(int remoteId, String service) {
        DeviceStream s = new DeviceStream(this, nextId.getAndIncrement(), remoteId);
        DeviceService svc = device.service(service);
        if (svc == null) {
            sendQuietly(AdbPacket.CLSE, 0, remoteId);
            return;
        }
        streams.put(s.localId, s);
        device.startThread("stream-" + s.localId, () -> {
            try {
                if (!svc.open()) {
                    streams.remove(s.localId);
                    sendQuietly(AdbPacket.CLSE, 0, remoteId);
                    return;
                }
                send(AdbPacket.OKAY, s.localId, remoteId, new byte[0], 0, 0);
                svc.serve(s);
            } catch (IOException | RuntimeException e) {
                // the stream ends below; the host sees EOF
            } finally {
                svc.release();
                s.close();
            }
        });
    }

    /** Opens a stream from the device to a host service (reverse forwarding); null when the host refuses it. */
    DeviceStream openToHost(String service) throws IOException, InterruptedException {
        DeviceStream s = new DeviceStream(this, nextId.getAndIncrement(), 0);
        streams.put(s.localId, s);
        byte[] b = (service + "\0").getBytes(StandardCharsets.UTF_8);
        send(AdbPacket.OPEN, s.localId, 0, b, 0, b.length);
        if (!s.awaitOpen(5000)) {
            streams.remove(s.localId);
            return null;
        }
        return s;
    }

    VirtualDevice device() {
        return device;
    }

    /** Reverse forwards of this connection: device port to its listening socket. */
    Map<Integer, java.net.ServerSocket> reverses() {
        return reverses;
    }

    synchronized void send(int cmd, int a0, int a1, byte[] b, int off, int len) throws IOException {
        AdbPacket.write(out, cmd, a0, a1, b, off, len);
    }

    private void sendQuietly(int cmd, int a0, int a1) {
        try {
            send(cmd, a0, a1, new byte[0], 0, 0);
        } catch (IOException ignored) {
            // the transport is going away; its reader thread cleans up
        }
    }

    void closeStream(DeviceStream s) {
        if (streams.remove(s.localId) != null) {
            sendQuietly(AdbPacket.CLSE, s.localId, s.remoteId);
        }
    }

    /** Closes the socket and every stream (their services then stop). */
    void shutdown() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (DeviceStream s : streams.values()) {
            s.remoteClosed();
        }
        for (java.net.ServerSocket r : reverses.values()) {
            try {
                r.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        reverses.clear();
        streams.clear();
        device.transportEnded(this);
    }
}
