package dev.ondeck.engine;

import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;

/** Options of a {@link Session}: backend, constant folding, intra-op threads. Built with {@link #builder()}. */
public final class SessionOptions {
    private final String backend;
    private final Backend backendInstance;
    private final boolean foldConstants;
    private final int threads;

    private SessionOptions(Builder b) {
        this.backendInstance = b.backendInstance;
        this.backend = b.backendInstance != null ? b.backendInstance.name()
                : b.backend != null ? b.backend : Backends.defaultName();
        this.foldConstants = b.foldConstants;
        this.threads = b.threads;
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

    /** Builder of {@link SessionOptions}. */
    public static final class Builder {
        private String backend;
        private Backend backendInstance;
        private boolean foldConstants = true;
        private int threads;

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

        public SessionOptions build() {
            return new SessionOptions(this);
        }
    }
}
