package dev.ondeck.adb.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** {@code tcp:PORT[:HOST]}: a byte stream to a socket on the device, whose network is the host's loopback. */
final class TcpService implements DeviceService {
    private final VirtualDevice device;
    private final String host;
    private final int port;
    private final Socket socket = new Socket();

    TcpService(VirtualDevice device, String host, int port) {
        this.device = device;
        this.host = host;
        this.port = port;
    }

    @Override
    public boolean open() {
        try {
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setTcpNoDelay(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void serve(DeviceStream stream) throws IOException {
        InputStream fromSocket = socket.getInputStream();
        OutputStream toSocket = socket.getOutputStream();
        Thread up = device.startThread("tcp-" + port + "-up", () -> {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = stream.in();
                int n;
                while ((n = in.read(buf)) > 0) {
                    toSocket.write(buf, 0, n);
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                release();
            }
        });
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = fromSocket.read(buf)) > 0) {
                stream.out().write(buf, 0, n);
            }
        } finally {
            release();
            stream.close();
            try {
                up.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void release() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
