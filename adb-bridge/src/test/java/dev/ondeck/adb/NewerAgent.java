package dev.ondeck.adb;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for an agent of another release, run on the virtual device by the version-mismatch test: it
 * says HELLO with protocol version {@code args[0]} and release {@code args[1]}, then waits for its input to end.
 * Written against the frame layout only, so that its jar needs no other class.
 */
public final class NewerAgent {
    private NewerAgent() {
    }

    public static void main(String[] args) throws IOException {
        byte[] release = args[1].getBytes(StandardCharsets.UTF_8);
        DataOutputStream out = new DataOutputStream(System.out);
        out.writeInt(1 + 4 + 4 + 4 + release.length);
        out.writeByte(1);
        out.writeInt(0x4f4e444b);
        out.writeInt(Integer.parseInt(args[0]));
        out.writeInt(release.length);
        out.write(release);
        out.flush();
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
    }
}
