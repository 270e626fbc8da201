package dev.ondeck.engine.runtime;

/**
 * Observes the interpreter loop around every node. Profiler, stepper, inspector and diff are hooks. A
 * plain run passes {@link #NONE}, which the loop recognises and skips.
 */
public interface NodeHook {
    /** The no-op hook. */
    NodeHook NONE = new NodeHook() {
    };

    /** Before node {@code n} of {@code exec} runs; its inputs are available through {@code exec}. */
    default void beforeNode(Execution exec, int n) {
    }

    /** After node {@code n} of {@code exec} ran; its outputs are available through {@code exec}. */
    default void afterNode(Execution exec, int n) {
    }

    /** True when this hook wants device kernels to wait for and time their work (the profiler). */
    default boolean timesDevice() {
        return false;
    }
}
