package dev.ondeck.kernel.comm;

import java.util.Map;

/** Accepts comms that a front end opens for one target name. */
@FunctionalInterface
public interface CommTarget {

    /** Called when the front end opens {@code comm}, with the data it sent. */
    void opened(Comm comm, Map<String, Object> data);
}
