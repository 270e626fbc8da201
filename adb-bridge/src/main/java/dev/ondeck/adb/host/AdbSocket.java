package dev.ondeck.adb.host;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One connection to the adb server speaking the smart-socket protocol: hex4 length + request, OKAY or FAIL. */
final class AdbSocket implements Closeable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    AdbSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** Sends one request and flushes. */
    void send(String request) throws IOException {
        byte[] b = request.getBytes(StandardCharsets.UTF_8);
        out.write(String.format("%04x", b.length).getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    /** Reads OKAY, or throws the server's FAIL message as {@link ServerFailure}. */
    void expectOkay() throws IOException {
        String status = readAscii(4);
        if ("OKAY".equals(status)) {
            return;
        }
        if ("FAIL".equals(status)) {
            throw new ServerFailure(readHex4String());
        }
        throw new AdbException("adb server protocol error: expected OKAY or FAIL, found '" + status + "'");
    }

    /** Reads a hex4 length then that many bytes as text. */
    String readHex4String() throws IOException {
        int len = Integer.parseInt(readAscii(4), 16);
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Reads until EOF as text. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    String readAscii(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    DataInputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }



    /** A FAIL reply from the server, with its message. */
    static final class ServerFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ServerFailure(String message) {
            super(message);
        }
    }
}
