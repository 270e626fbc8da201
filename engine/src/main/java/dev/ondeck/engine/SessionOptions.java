package dev.ondeck.engine;

import dev.ondeck.engine.backend.Backends;

/** Options of a {@link Session}: backend, constant folding, intra-op threads. Built with {@link #builder()}. */
public final class SessionOptions {
    private final String backend;
    private final boolean foldConstants;
    private final int threads;

    private SessionOptions(Builder b) {
        this.backend = b.backend != null ? b.backend : Backends.defaultName();
        this.foldConstants = b.foldConstants;
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String backend() {
        return backend;
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
        private boolean foldConstants = true;
        private int threads;

        public Builder backend(String name) {
            this.backend = name;
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
