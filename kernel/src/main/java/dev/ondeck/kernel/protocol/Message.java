package dev.ondeck.kernel.protocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Jupyter message: routing identities, header, parent header, metadata, content and binary buffers.
 *
 * @param identities   ZeroMQ routing prefix (empty for iopub)
 * @param header       header with msg_id, msg_type, session, username, date, version
 * @param parentHeader header of the request this message answers (empty map if none)
 * @param metadata     metadata map
 * @param content      content map
 * @param buffers      extra binary frames
 */
public record Message(List<byte[]> identities, Map<String, Object> header, Map<String, Object> parentHeader,
                      Map<String, Object> metadata, Map<String, Object> content, List<byte[]> buffers) {

    /** Protocol version this kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";

    /** The message type from the header. */
    public String type() {
        return String.valueOf(header.get("msg_type"));
    }

    /** The session id from the header. */
    public String session() {
        return String.valueOf(header.get("session"));
    }

    /** A new header for a message of {@code type} in {@code session}. */
    public static Map<String, Object> newHeader(String type, String session) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("msg_id", UUID.randomUUID().toString());
        h.put("msg_type", type);
        h.put("session", session);
        h.put("username", "kernel");
        h.put("date", Instant.now().toString());
        h.put("version", PROTOCOL_VERSION);
        return h;
    }

    /** A message of {@code type} whose parent is {@code parent} (may be null), routed back to its sender. */
    public static Message child(Message parent, String type, String session, Map<String, Object> content) {
        return new Message(parent == null ? List.of() : parent.identities(), newHeader(type, session),
                parent == null ? Map.of() : parent.header(), Map.of(), content, List.of());
    }

    /** A string field of the content, or {@code fallback}. */
    public String string(String key, String fallback) {
        Object v = content.get(key);
        return v instanceof String s ? s : fallback;
    }

    /** An integer field of the content, or {@code fallback}. */
    public long number(String key, long fallback) {
        Object v = content.get(key);
        return v instanceof Number n ? n.longValue() : fallback;
    }

    /** A boolean field of the content, or {@code fallback}. */
    public boolean flag(String key, boolean fallback) {
        Object v = content.get(key);
        return v instanceof Boolean b ? b : fallback;
    }
}
