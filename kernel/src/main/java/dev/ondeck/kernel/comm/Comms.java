package dev.ondeck.kernel.comm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The kernel's comm registry: targets registered by cell code or extensions, and the comms that are open.
 * Cell code uses the static {@link #registerTarget}.
 */
public final class Comms {
    private static final Comms INSTANCE = new Comms();

    private final Map<String, CommTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, Comm> open = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Map<String, Object>> publisher = (type, content) -> { };

    private Comms() {
    }

    /** The kernel-wide registry. */
    public static Comms instance() {
        return INSTANCE;
    }

    /** Registers {@code target} under {@code name}, replacing any earlier one. */
    public static void registerTarget(String name, CommTarget target) {
        INSTANCE.targets.put(name, target);
    }

    /** Connects the registry to the kernel's iopub publisher. */
    public void connect(BiConsumer<String, Map<String, Object>> iopub) {
        this.publisher = iopub;
    }

    void publish(String type, Map<String, Object> content) {
        publisher.accept(type, content);
    }

    /**
     * Handles a front end's comm_open: returns false (and the kernel answers with comm_close) when no target of
     * that name is registered.
     */
    public boolean opened(String id, String target, Map<String, Object> data) {
        CommTarget t = targets.get(target);
        if (t == null) {
            return false;
        }
        Comm comm = new Comm(id, target, this);
        open.put(id, comm);
        t.opened(comm, data);
        return true;
    }

    /** Handles a comm_msg; messages for unknown ids are ignored, as the protocol asks. */
    public void received(String id, Map<String, Object> data) {
        Comm c = open.get(id);
        if (c != null) {
            c.received(data);
        }
    }

    /** Handles a comm_close from the front end. */
    public void closed(String id) {
        Comm c = open.remove(id);
        if (c != null) {
            c.closed();
        }
    }

    void closeFromKernel(Comm c) {
        if (open.remove(c.id()) != null) {
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("comm_id", c.id());
            content.put("data", Map.of());
            publish("comm_close", content);
        }
    }

    /** Open comms (id → target name), optionally only those of {@code target}. */
    public Map<String, String> openComms(String target) {
        Map<String, String> out = new LinkedHashMap<>();
        open.forEach((id, c) -> {
            if (target == null || target.equals(c.target())) {
                out.put(id, c.target());
            }
        });
        return out;
    }
}
