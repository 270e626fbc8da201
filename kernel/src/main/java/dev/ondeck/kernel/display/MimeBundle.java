package dev.ondeck.kernel.display;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data keyed by MIME type ({@code text/plain}, {@code text/html}, {@code image/png} as base64, ...) plus
 * metadata, as Jupyter's display messages carry it. A bundle returned from a cell is shown as it is.
 */
public final class MimeBundle {
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    /** An empty bundle. */
    public MimeBundle() {
    }

    /** A bundle with one entry; byte arrays for binary types are base64-encoded. */
    public static MimeBundle of(String mime, Object value) {
        return new MimeBundle().put(mime, value);
    }

    /** Adds (or replaces) the entry for {@code mime}; byte arrays are base64-encoded. */
    public MimeBundle put(String mime, Object value) {
        data.put(mime, value instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : value);
        return this;
    }

    /** Adds metadata for {@code mime}, e.g. {@code width}. */
    public MimeBundle meta(String mime, Map<String, Object> values) {
        metadata.put(mime, values);
        return this;
    }

    /** Whether an entry for {@code mime} exists. */
    public boolean has(String mime) {
        return data.containsKey(mime);
    }

    /** The data map (live). */
    public Map<String, Object> data() {
        return data;
    }

    /** The metadata map (live). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet();
    }
}
