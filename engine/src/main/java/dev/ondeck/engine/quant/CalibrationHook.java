package dev.ondeck.engine.quant;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.util.Map;

/**
 * Runs alongside the float model during calibration and feeds the tensors to be quantised to their
 * {@link ActivationStats}: ranges in the first pass, histograms in the second.
 */
final class CalibrationHook implements NodeHook {
    private final Map<String, ActivationStats> stats;
    private final boolean histogramPass;

    CalibrationHook(Map<String, ActivationStats> stats, boolean histogramPass) {
        this.stats = stats;
        this.histogramPass = histogramPass;
    }

    /** Observes a tensor that is a graph input (no node produces it). */
    void observe(String name, Tensor t) {
        ActivationStats s = stats.get(name);
        if (s == null) {
            return;
        }
        if (t == null) {
            throw new IllegalStateException("calibration: tensor '" + name + "' was not kept by the backend");
        }
        if (t.dtype() != DType.FLOAT) {
            s.notFloat = true;
            return;
        }
        if (histogramPass) {
            s.observeHistogram(t);
        } else {
            s.observeRange(t);
        }
    }

    @Override
    public void afterNode(Execution exec, int n) {
        Node node = exec.plan().node(n);
        for (String out : node.outputs()) {
            if (stats.containsKey(out)) {
                observe(out, exec.value(out));
            }
        }
    }
}
