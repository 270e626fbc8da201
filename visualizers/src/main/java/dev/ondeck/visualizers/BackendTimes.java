package dev.ondeck.visualizers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One backend's time per node (ns), in execution order: one group member of the backend comparison. */
public record BackendTimes(String backend, Map<String, Long> nanosByNode) {
    public BackendTimes {
        nanosByNode = Collections.unmodifiableMap(new LinkedHashMap<>(nanosByNode));
    }
}
