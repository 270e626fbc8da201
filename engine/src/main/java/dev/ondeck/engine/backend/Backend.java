package dev.ondeck.engine.backend;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.util.Collections;
import java.util.Map;

/**
 * A compute backend, found with {@link java.util.ServiceLoader} and chosen by {@link #name()}. For each
 * node it offers a kernel or null; a node without a kernel falls back to {@code cpu-ref}, and the plan and
 * profile show it.
 */
public interface Backend {
    /** The name users select it by, e.g. {@code cpu-ref}. */
    String name();

    /** One line for listings. */
    default String description() {
        return name();
    }

    /** Null when usable here; otherwise why not (e.g. "no OpenCL platform"). */
    default String unavailableReason() {
        return null;
    }

    /**
     * The kernel for a node, or null when this backend does not support it.
     *
     * @param inputTypes the input types known at prepare time (entries null or with unknown dims when
     *        they depend on run-time data)
     */
    Kernel kernelFor(Node node, TensorType[] inputTypes);

    /**
     * The kernel for a node, given everything the plan knows at prepare time. Backends that pack weights or
     * fold constants into their kernels override this; the default ignores the extra knowledge.
     *
     * @param constants the input values that are constant (initializers or folded), null entries elsewhere
     * @param threads intra-op threads the session asked for (0 = the backend's default)
     */
    default Kernel kernelFor(Node node, TensorType[] inputTypes, Tensor[] constants, int threads) {
        return kernelFor(node, inputTypes);
    }

    /**
     * The kernel for a node, also given a read-only view of the graph around it, for backends that recognise
     * patterns across nodes (such as quantise/dequantise pairs). The default ignores the view.
     */
    default Kernel kernelFor(Node node, TensorType[] inputTypes, Tensor[] constants, int threads, PlanGraph graph) {
        return kernelFor(node, inputTypes, constants, threads);
    }

    /**
     * Whether the plan may replace a pattern of several nodes that it recognises at prepare time by one standard
     * op (a LayerNormalization written out as ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add), asking
     * {@link #kernelFor} for that op's kernel; the pattern's nodes stay in plan and profile, fused into its last
     * node. False by default.
     */
    default boolean fusesPatterns() {
        return false;
    }

    /**
     * The backend a session of {@code model} plans with: this one, or one bound to the model (e.g. {@code npu-emu},
     * which partitions the whole graph before choosing kernels). Called once per session.
     */
    default Backend forModel(dev.ondeck.engine.Model model) {
        return this;
    }

    /** The device memory whose values the runtime must copy back before host code reads them, or null. */
    default DeviceMemory deviceMemory() {
        return null;
    }

    /**
     * Cumulative counts of what this backend did while running, by name (e.g. {@code npu-emu}'s tensor
     * hand-offs between NPU and CPU segments); profiles report how much each grew per timed run. Empty by default.
     */
    default Map<String, Long> counters() {
        return Collections.emptyMap();
    }

    /** A note profiles print about what this backend's times are (e.g. CPU times of an emulation), or null. */
    default String timingNote() {
        return null;
    }
}
