package dev.ondeck.adb.host;

import java.nio.charset.StandardCharsets;

/** The outcome of a shell v2 command: stdout, stderr and exit code, kept apart. */
public final class ShellResult {
    private final byte[] stdout;
    private final byte[] stderr;
    private final int exitCode;

    public ShellResult(byte[] stdout, byte[] stderr, int exitCode) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitCode = exitCode;
    }

    public byte[] stdoutBytes() {
        return stdout.clone();
    }

    public String stdout() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    public int exitCode() {
        return exitCode;
    }

    /** Stdout, or an {@link AdbException} naming the command, exit code and stderr when the exit code is not 0. */
    public String checked(String command) {
        if (exitCode != 0) {
            throw new AdbException("'" + command + "' exited with " + exitCode + ": " + stderr().trim());
        }
        return stdout();
    }
}
