package dev.ondeck.cli;

import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.util.Locale;

/**
 * FLOPs of one node from the shapes inferred at prepare time, as the op itself reports them
 * ({@link dev.ondeck.engine.ops.Op#flops}: 2 per multiply-accumulate, data movement 0, elementwise 1 per
 * output element).
 */
final class FlopCount {
    private FlopCount() {
    }

    /** FLOPs of node {@code n}, or -1 when a shape it needs is not known at prepare time. */
    static long of(ExecutionPlan plan, int n) {
        Node node = plan.node(n);
        int[] ins = plan.inputSlots(n);
        int[] outs = plan.outputSlots(n);
        TensorType[] inTypes = types(plan, ins);
        TensorType[] outTypes = types(plan, outs);
        return known(ins, inTypes) && known(outs, outTypes) ? node.op().flops(inTypes, outTypes) : -1;
    }

    /** Types by position; null for absent optional values. */
    private static TensorType[] types(ExecutionPlan plan, int[] slots) {
        TensorType[] t = new TensorType[slots.length];
        for (int i = 0; i < slots.length; i++) {
            t[i] = slots[i] < 0 ? null : plan.slotType(slots[i]);
        }
        return t;
    }

    /** True when every present value has a fully known shape. */
    private static boolean known(int[] slots, TensorType[] types) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] >= 0 && (types[i] == null || !types[i].isStatic())) {
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
