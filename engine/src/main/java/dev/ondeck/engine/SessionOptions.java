package dev.ondeck.engine;

import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of a {@link Session}: backend, constant folding, intra-op threads, sizes of symbolic input dims.
 * Built with {@link #builder()}.
 */
public final class SessionOptions {
    private final String backend;
    private final Backend backendInstance;
    private final boolean foldConstants;
    private final int threads;
    private final Map<String, Integer> fixedDims;

    private SessionOptions(Builder b) {
        this.backendInstance = b.backendInstance;
        this.backend = b.backendInstance != null ? b.backendInstance.name()
                : b.backend != null ? b.backend : Backends.defaultName();
        this.foldConstants = b.foldConstants;
        this.threads = b.threads;
        this.fixedDims = Collections.unmodifiableMap(new LinkedHashMap<>(b.fixedDims));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String backend() {
        return backend;
    }

    /** The backend object given directly (e.g. one not on the service path), or null. */
    public Backend backendInstance() {
        return backendInstance;
    }

    public boolean foldConstants() {
        return foldConstants;
    }

    /** Intra-op threads for backends that use them (0 = backend default). */
    public int threads() {
        return threads;
    }

    /** Sizes given to symbolic input dims by name (see {@link Builder#fixDimension}). */
    public Map<String, Integer> fixedDims() {
        return fixedDims;
    }

    /** Builder of {@link SessionOptions}. */
    public static final class Builder {
        private String backend;
        private Backend backendInstance;
        private boolean foldConstants = true;
        private int threads;
        private final Map<String, Integer> fixedDims = new LinkedHashMap<>();

        public Builder backend(String name) {
            this.backend = name;
            return this;
        }

        /** Uses this backend object instead of looking one up by name. */
        public Builder backend(Backend instance) {
            this.backendInstance = instance;
            return this;
        }

        public Builder foldConstants(boolean fold) {
            this.foldConstants = fold;
            return this;
        }

        public Builder threads(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("threads must be >= 0, got " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * Fixes a symbolic input dim (e.g. {@code "batch"}) to a size, like ONNX Runtime's free dimension
         * override: shapes become static at prepare time, so the activation arena is planned then and a run
         * allocates (nearly) nothing; inputs must then have that size.
         */
        public Builder fixDimension(String name, int size) {
            if (size < 1) {
                throw new IllegalArgumentException("dimension '" + name + "' must be fixed to a size >= 1, got " + size);
            }
            fixedDims.put(name, size);
            return this;
        }

        public SessionOptions build() {
            return new SessionOptions(this);
        }
    }
}
