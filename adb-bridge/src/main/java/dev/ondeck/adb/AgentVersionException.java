package dev.ondeck.adb;

import dev.ondeck.adb.host.AdbException;

/** The agent on the device speaks another protocol version than this host; names both. */
public final class AgentVersionException extends AdbException {
    private static final long serialVersionUID = 1L;
    private final int agentVersion;
    private final int hostVersion;

    public AgentVersionException(int agentVersion, String agentRelease, int hostVersion) {
        super("agent protocol version mismatch: the device's agent " + agentRelease + " speaks version " + agentVersion
                + ", this host speaks version " + hostVersion + "; remove /data/local/tmp/ondeck on the device so the"
                + " matching agent is pushed again");
        this.agentVersion = agentVersion;
        this.hostVersion = hostVersion;
    }

    public int agentVersion() {
        return agentVersion;
    }

    public int hostVersion() {
        return hostVersion;
    }
}
