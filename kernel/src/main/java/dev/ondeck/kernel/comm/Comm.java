package dev.ondeck.kernel.comm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** One open comm: messages both ways between kernel-side code and a front-end object. */
public final class Comm {
    private final String id;
    private final String target;
    private final Comms owner;
    private volatile Consumer<Map<String, Object>> onMessage = data -> { };
    private volatile Runnable onClose = () -> { };

    Comm(String id, String target, Comms owner) {
        this.id = id;
        this.target = target;
        this.owner = owner;
    }

    /** The comm id. */
    public String id() {
        return id;
    }

    /** The target name. */
    public String target() {
        return target;
    }

    /** Sends {@code data} to the front end as a comm_msg. */
    public void send(Map<String, Object> data) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("comm_id", id);
        content.put("data", data);
        owner.publish("comm_msg", content);
    }

    /** Closes the comm from the kernel side. */
    public void close() {
        owner.closeFromKernel(this);
    }

    /** Sets the handler for messages from the front end. */
    public void onMessage(Consumer<Map<String, Object>> handler) {
        onMessage = handler;
    }

    /** Sets the handler run when the front end closes the comm. */
    public void onClose(Runnable handler) {
        onClose = handler;
    }

    void received(Map<String, Object> data) {
        onMessage.accept(data);
    }

    void closed() {
        onClose.run();
    }
}
