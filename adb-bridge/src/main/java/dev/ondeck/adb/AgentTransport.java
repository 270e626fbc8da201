package dev.ondeck.adb;

/** How the host reaches the device agent. */
public enum AgentTransport {
    /** Frames over the agent's shell v2 stdin and stdout (the default; nothing else to set up). */
    STDIO,
    /**
     * Frames over a socket: the agent listens on a device loopback port ({@code --listen 0}) and the host
     * connects through {@code adb forward tcp:0 tcp:PORT}; the shell only starts and holds the agent.
     */
    FORWARDED_PORT
}
