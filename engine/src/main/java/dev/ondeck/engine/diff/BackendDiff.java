package dev.ondeck.engine.diff;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.inspect.TensorComparison;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.runtime.Execution;
import dev.ondeck.engine.runtime.NodeHook;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the same inputs through two sessions (two backends, or two precisions), aligns the main graph's
 * nodes by name, and reports each node's output error; {@link DiffReport#firstDivergent(double)} finds the
 * first node whose error exceeds a tolerance. Cancellable by interrupting the calling thread.
 */
public final class BackendDiff {
    private BackendDiff() {
    }

    /** Compares side B against side A (the reference). Both sessions should be prepared without folding. */
    public static DiffReport compare(Session a, Session b, Map<String, Tensor> inputs) {
        Map<String, Tensor[]> outA = record(a, inputs);
        Map<String, Tensor[]> outB = record(b, inputs);
        ExecutionPlan pa = a.plan();
        Map<String, Integer> indexB = new HashMap<>();
        for (int i = 0; i < b.plan().nodeCount(); i++) {
            indexB.put(b.plan().node(i).name(), i);
        }
        List<NodeDiff> diffs = new ArrayList<>();
        for (int i = 0; i < pa.nodeCount(); i++) {
            Node node = pa.node(i);
            Tensor[] ra = outA.get(node.name());
            Tensor[] rb = outB.get(node.name());
            Integer j = indexB.get(node.name());
            if (ra == null || rb == null || j == null) {
                continue;
            }
            diffs.add(diff(node, i, pa.backendOf(i), b.plan().backendOf(j), ra, rb, zeroPoint(a, node)));
        }
        return new DiffReport(a.plan().backend().name(), b.plan().backend().name(), diffs);
    }

    /** A QuantizeLinear's zero point (0 when absent, as ONNX defines it), or null for other nodes or a non-constant one. */
    private static Long zeroPoint(Session s, Node node) {
        if (!node.opType().equals("QuantizeLinear")) {
            return null;
        }
        if (node.inputCount() < 3 || node.input(2).isEmpty()) {
            return 0L;
        }
        Tensor zp = s.model().graph().initializers().get(node.input(2));
        return zp != null && zp.size() == 1 ? zp.getLong(0) : null;
    }

    private static NodeDiff diff(Node node, int index, String backendA, String backendB, Tensor[] ra, Tensor[] rb, Long zeroPoint) {
        TensorComparison worst = null;
        for (int o = 0; o < ra.length; o++) {
            if (ra[o] == null || rb[o] == null) {
                continue;
            }
            if (!Arrays.equals(ra[o].shapeView(), rb[o].shapeView()) || ra[o].dtype() != rb[o].dtype()) {
                return new NodeDiff(node.name(), node.opType(), index, backendA, backendB, null, "output " + o + ": "
                        + ra[o].dtype() + Arrays.toString(ra[o].shapeView()) + " vs " + rb[o].dtype()
                        + Arrays.toString(rb[o].shapeView()), Double.NaN);
            }
            TensorComparison c = TensorComparison.of(ra[o], rb[o]);
            if (worst == null || c.maxAbsError() > worst.maxAbsError()) {
                worst = c;
            }
        }
        double saturation = Double.NaN;
        for (Tensor t : rb) {
            double r = saturationRate(t, zeroPoint);
            saturation = Double.isNaN(saturation) || r > saturation ? r : saturation;
        }
        return new NodeDiff(node.name(), node.opType(), index, backendA, backendB, worst, null, saturation);
    }

    /**
     * The fraction of an int8 or uint8 tensor's elements at the type's smallest or largest value (clamped by
     * quantisation), not counting elements equal to {@code zeroPoint} when given (exact zeros, e.g. after a
     * Relu with zero point 0); NaN for other tensors and null.
     */
    public static double saturationRate(Tensor t, Long zeroPoint) {
        if (t == null || t.size() == 0 || t.dtype() != DType.INT8 && t.dtype() != DType.UINT8) {
            return Double.NaN;
        }
        boolean unsigned = t.dtype() == DType.UINT8;
        long lo = unsigned ? 0 : -128;
        long hi = unsigned ? 255 : 127;
        int at = 0;
        for (int i = 0; i < t.size(); i++) {
            long v = t.getLong(i);
            at += (v == lo || v == hi) && (zeroPoint == null || v != zeroPoint) ? 1 : 0;
        }
        return (double) at / t.size();
    }

    /** Copies of every main-graph node's outputs after one run. */
    private static Map<String, Tensor[]> record(Session s, Map<String, Tensor> inputs) {
        Map<String, Tensor[]> out = new HashMap<>();
        NodeHook hook = new NodeHook() {
            @Override
            public void afterNode(Execution exec, int n) {
                if (exec.parent() != null) {
                    return;
                }
                Node node = exec.plan().node(n);
                Tensor[] values = new Tensor[node.outputCount()];
                for (int o = 0; o < values.length; o++) {
                    Tensor t = node.output(o).isEmpty() ? null : exec.value(node.output(o));
                    values[o] = t == null ? null : t.copy();
                }
                out.put(node.name(), values);
            }
        };
        s.start(inputs, hook).runToEnd();
        return out;
    }
}
