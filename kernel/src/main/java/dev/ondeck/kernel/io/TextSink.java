package dev.ondeck.kernel.io;

/** Receives decoded text written to {@code System.out} or {@code System.err}. */
@FunctionalInterface
public interface TextSink {

    /** Accepts a piece of text (any length, not necessarily whole lines). */
    void write(String text);
}
