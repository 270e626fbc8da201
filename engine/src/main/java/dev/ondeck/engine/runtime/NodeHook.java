package dev.ondeck.engine.runtime;

/**
 * Observes the interpreter loop around every node. Profiler, stepper, inspector and diff are hooks. A
 * plain run passes {@link #NONE}, which the loop recognises and skips.
 */
public interface NodeHook {
    /** The no-op hook. */
    NodeHook NONE = new NodeHook() {
        @Override
        public boolean keepsValues() {
            return false;
        }
    };

    /** Before node {@code n} of {@code exec} runs; its inputs are available through {@code exec}. */
    default void beforeNode(Execution exec, int n) {
    }

    /**
     * True (the default) when this hook may read a value after later nodes ran (steppers, inspectors), so
     * every value keeps its own buffer; false lets the run place activations in the plan's shared arena,
     * where a value is overwritten once its last reader has run.
     */
    default boolean keepsValues() {
        return true;
    }

    /** After node {@code n} of {@code exec} ran; its outputs are available through {@code exec}. */
    default void afterNode(Execution exec, int n) {
    }

    /** True when this hook wants device kernels to wait for and time their work (the profiler). */
    default boolean timesDevice() {
        return false;
    }
}
