package dev.ondeck.cli;

import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A FLOP estimate of one node from the shapes inferred at prepare time: convolutions, Gemm and MatMul count
 * 2 per multiply-accumulate, pooling one per window element, reductions and softmax one per input element,
 * data movement nothing, anything else (elementwise, activations, normalisation) one per output element.
 * Keyed by op type because ops do not report a cost themselves; it is a display estimate only.
 */
final class FlopCount {
    private static final Set<String> DATA_MOVEMENT = new HashSet<>(Arrays.asList(
            "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Concat", "Split", "Slice", "Gather",
            "GatherElements", "GatherND", "ScatterND", "ScatterElements", "Shape", "Size", "Identity", "Dropout",
            "Constant", "ConstantOfShape", "Expand", "Tile", "Pad", "Cast", "CastLike", "Range", "DepthToSpace",
            "SpaceToDepth", "EyeLike", "NonZero", "TopK", "OneHot", "Resize"));

    private FlopCount() {
    }

    /** Estimated FLOPs of node {@code n}, or -1 when a shape it needs is not known at prepare time. */
    static long of(ExecutionPlan plan, int n) {
        Node node = plan.node(n);
        int[] ins = plan.inputSlots(n);
        int[] outs = plan.outputSlots(n);
        TensorType out = outs.length == 0 || outs[0] < 0 ? null : plan.slotType(outs[0]);
        TensorType in0 = ins.length == 0 || ins[0] < 0 ? null : plan.slotType(ins[0]);
        TensorType in1 = ins.length < 2 || ins[1] < 0 ? null : plan.slotType(ins[1]);
        String op = node.opType();
        if (DATA_MOVEMENT.contains(op)) {
            return 0;
        }
        switch (op) {
            case "Conv":
                return known(out, in1) ? 2 * out.elementCount() * (in1.elementCount() / Math.max(1, in1.shape()[0])) : -1;
            case "ConvTranspose":
                return known(in0, in1) ? 2 * in0.elementCount() * (in1.elementCount() / Math.max(1, in1.shape()[0])) : -1;
            case "Gemm": {
                if (!known(out, in0)) {
                    return -1;
                }
                int[] a = in0.shape();
                boolean transA = attr(node, "transA") != 0;
                return 2 * out.elementCount() * (transA ? a[0] : a[a.length - 1]);
            }
            case "MatMul": {
                if (!known(out, in0)) {
                    return -1;
                }
                int[] a = in0.shape();
                return 2 * out.elementCount() * a[a.length - 1];
            }
            case "MaxPool": case "AveragePool": case "LpPool": {
                if (!known(out)) {
                    return -1;
                }
                Object k = node.attributes().get("kernel_shape");
                long window = 1;
                if (k instanceof long[]) {
                    for (long d : (long[]) k) {
                        window *= d;
                    }
                }
                return out.elementCount() * window;
            }
            case "GlobalAveragePool": case "GlobalMaxPool": case "Softmax": case "LogSoftmax":
                return known(in0) ? in0.elementCount() : -1;
            default:
                if (op.startsWith("Reduce") || op.startsWith("Arg")) {
                    return known(in0) ? in0.elementCount() : -1;
                }
                return known(out) ? out.elementCount() : -1;
        }
    }

    private static long attr(Node node, String name) {
        Object v = node.attributes().get(name);
        return v instanceof Long ? (Long) v : 0;
    }

    private static boolean known(TensorType... types) {
        for (TensorType t : types) {
            if (t == null || !t.isStatic()) {
                return false;
            }
        }
        return true;
    }

    /** {@code 1.23 GFLOPs}-style text. */
    static String format(double flops) {
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        while (flops >= 1000 && u < units.length - 1) {
            flops /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %sFLOPs" : "%.2f %sFLOPs", flops, units[u]);
    }
}
