package dev.ondeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sweep reduction core against a direct per-output reduction, over random shapes and axis sets. */
class ReduceOpsTest {
    @Test
    void sweepMatchesDirectReductionForEveryKind() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 400; trial++) {
            int[] shape = new int[rnd.nextInt(5)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(4);
            }
            boolean[] mask = new boolean[shape.length];
            for (int d = 0; d < shape.length; d++) {
                mask[d] = rnd.nextBoolean();
            }
            Tensor x = Tensor.allocate(DType.FLOAT, shape);
            Tensor xi = Tensor.allocate(DType.INT32, shape);
            for (int i = 0; i < x.size(); i++) {
                x.floats()[i] = rnd.nextFloat() * 2 - 0.5f;
                xi.ints()[i] = rnd.nextInt(7) - 3;
            }
            List<List<Double>> groups = groups(shape, mask, x);
            ReduceOps.Sweep sweep = new ReduceOps.Sweep(shape, mask);
            assertEquals(groups.size(), sweep.outCount);
            for (ReduceOps.Kind kind : ReduceOps.Kind.values()) {
                double[] got = ReduceOps.reduceFloating(kind, x.floats(), null, sweep);
                for (int o = 0; o < groups.size(); o++) {
                    double want = direct(kind, groups.get(o));
                    double tol = Double.isFinite(want) ? 1e-9 * Math.max(1, Math.abs(want)) : 0;
                    assertEquals(want, got[o], tol, kind + " output " + o);
                }
            }
            List<List<Double>> intGroups = groups(shape, mask, xi);
            for (ReduceOps.Kind kind : new ReduceOps.Kind[] {ReduceOps.Kind.SUM, ReduceOps.Kind.MAX, ReduceOps.Kind.MIN,
                    ReduceOps.Kind.PROD, ReduceOps.Kind.L1, ReduceOps.Kind.SUM_SQUARE}) {
                long[] got = ReduceOps.reduceInteger(kind, xi, sweep);
                for (int o = 0; o < intGroups.size(); o++) {
                    List<Double> g = intGroups.get(o);
                    double want = g.isEmpty() && kind == ReduceOps.Kind.MAX ? Integer.MIN_VALUE
                            : g.isEmpty() && kind == ReduceOps.Kind.MIN ? Integer.MAX_VALUE : direct(kind, g);
                    assertEquals((long) want, got[o], kind + " int output " + o);
                }
            }
        }
    }

    /** The values folded into each output, outputs in row-major order of the kept dims. */
    private static List<List<Double>> groups(int[] shape, boolean[] mask, Tensor x) {
        int outs = 1;
        for (int d = 0; d < shape.length; d++) {
            outs *= mask[d] ? 1 : shape[d];
        }
        List<List<Double>> groups = new ArrayList<>();
        for (int o = 0; o < outs; o++) {
            groups.add(new ArrayList<>());
        }
        int[] strides = Tensor.stridesOf(shape);
        for (int i = 0; i < x.size(); i++) {
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                if (!mask[d]) {
                    o = o * shape[d] + (i / strides[d]) % shape[d];
                }
            }
            groups.get(o).add(x.getDouble(i));
        }
        return groups;
    }

    private static double direct(ReduceOps.Kind kind, List<Double> g) {
        double sum = 0;
        double abs = 0;
        double sq = 0;
        double prod = 1;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double exp = 0;
        for (double v : g) {
            sum += v;
            abs += Math.abs(v);
            sq += v * v;
            prod *= v;
            max = Math.max(max, v);
            min = Math.min(min, v);
            exp += Math.exp(v);
        }
        switch (kind) {
            case SUM: return sum;
            case MEAN: return sum / g.size();
            case MAX: return max;
            case MIN: return min;
            case PROD: return prod;
            case L1: return abs;
            case L2: return Math.sqrt(sq);
            case LOG_SUM: return Math.log(sum);
            case LOG_SUM_EXP: return Math.log(exp);
            default: return sq;
        }
    }
}
