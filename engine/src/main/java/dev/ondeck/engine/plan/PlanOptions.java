package dev.ondeck.engine.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a plan is prepared.
 *
 * <p>{@code foldConstants}: compute nodes whose inputs are all constant once, at prepare time (a debug
 * session turns this off so every node runs and stays inspectable). {@code threads}: intra-op threads for
 * backends that use them (0 = the backend's default). {@code fixedDims}: sizes for symbolic input dims by
 * name (like ONNX Runtime's free dimension overrides), so that shapes are static at prepare time and
 * activations get a planned arena ({@link MemoryPlan}).
 */
public final class PlanOptions {
    private final boolean foldConstants;
    private final int threads;
    private final Map<String, Integer> fixedDims;

    public PlanOptions(boolean foldConstants) {
        this(foldConstants, 0);
    }

    public PlanOptions(boolean foldConstants, int threads) {
        this(foldConstants, threads, Collections.emptyMap());
    }

    public PlanOptions(boolean foldConstants, int threads, Map<String, Integer> fixedDims) {
        this.foldConstants = foldConstants;
        this.threads = threads;
        this.fixedDims = Collections.unmodifiableMap(new LinkedHashMap<>(fixedDims));
    }

    public static PlanOptions defaults() {
        return new PlanOptions(true);
    }

    public boolean foldConstants() {
        return foldConstants;
    }

    /** Intra-op threads (0 = backend default). */
    public int threads() {
        return threads;
    }

    /** Sizes given to symbolic input dims, by dim name. */
    public Map<String, Integer> fixedDims() {
        return fixedDims;
    }
}
