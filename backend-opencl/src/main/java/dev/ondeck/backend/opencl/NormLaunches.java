package dev.ondeck.backend.opencl;

import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.ops.NormalizationOps;
import dev.ondeck.engine.ops.SoftmaxOps;

/** Softmax, BatchNormalization (inference) and LayerNormalization launches. */
final class NormLaunches {
    private static final String FILE = "normalization.cl";

    private NormLaunches() {
    }

    static Kernel softmax(Prep p, SoftmaxOps.Softmax op) {
        if (!op.isSoftmax()) {
            return null;
        }
        int[] rows = op.rows(p.shape(0));
        return p.launch(FILE, "softmax").input(0).output(0).i(rows[1]).i(rows[2]).over((long) rows[0] * rows[2]);
    }

    static Kernel batchNorm(Prep p, NormalizationOps.BatchNorm op) {
        int[] x = p.shape(0);
        if (!op.isInference() || !onlyFirstOutput(p.node()) || x.length < 2) {
            return null;
        }
        int c = x[1];
        int s = OpKernels.size(x) / Math.max(1, x[0] * c);
        return p.launch(FILE, "batch_norm").input(0).input(1).input(2).input(3).input(4).output(0)
                .i(c).i(s).f((float) op.epsilon()).over(OpKernels.size(x));
    }

    static Kernel layerNorm(Prep p, NormalizationOps.LayerNorm op) {
        int[] x = p.shape(0);
        if (x.length == 0) {
            return null;
        }
        int ax = op.axis(x.length);
        int n = 1;
        for (int d = ax; d < x.length; d++) {
            n *= x[d];
        }
        boolean bias = p.present(2);
        if (OpKernels.size(p.shape(1)) != n || bias && OpKernels.size(p.shape(2)) != n) {
            return null;
        }
        ClLaunch.Builder b = p.launch(FILE, "layer_norm").input(0).input(1);
        if (bias) {
            b.input(2);
        } else {
            b.absent();
        }
        b.output(0);
        for (int o = 1; o < 3; o++) {
            if (o < p.node().outputCount() && !p.node().output(o).isEmpty()) {
                b.output(o);
            } else {
                b.absent();
            }
        }
        int stats = p.node().outputCount() > 1 && !p.node().output(1).isEmpty() ? 1 : 0;
        stats |= p.node().outputCount() > 2 && !p.node().output(2).isEmpty() ? 2 : 0;
        return b.i(n).i(bias ? 1 : 0).i(stats).f((float) op.epsilon()).over(OpKernels.size(x) / Math.max(1, n));
    }

    /** True when outputs other than the first are absent. */
    private static boolean onlyFirstOutput(Node node) {
        for (int o = 1; o < node.outputCount(); o++) {
            if (!node.output(o).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
