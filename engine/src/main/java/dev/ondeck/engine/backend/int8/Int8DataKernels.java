package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.PlanGraph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.CopyOps;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.PoolOps;
import java.util.Arrays;

/**
 * Chooses the int8 kernels of the nodes that move or combine activations in a QDQ graph: MaxPool,
 * AveragePool, GlobalMaxPool, GlobalAveragePool, Add (same-shape inputs) and Concat, when every input is a
 * run-time DequantizeLinear's output and the only reader of the output is a QuantizeLinear.
 */
final class Int8DataKernels {
    private Int8DataKernels() {
    }

    /** The kernel for the node, or null when it is none of these ops or not inside a QDQ pattern. */
    static Kernel kernelFor(Node node, TensorType[] types, Tensor[] constants, PlanGraph g) {
        Op op = node.op();
        boolean pool = op instanceof PoolOps.Pool && ((PoolOps.Pool) op).mode() != PoolOps.Mode.LP && node.outputCount() == 1;
        boolean global = op instanceof PoolOps.GlobalPool && ((PoolOps.GlobalPool) op).mode() != PoolOps.Mode.LP;
        boolean add = op instanceof ElementwiseOps.Arithmetic && ((ElementwiseOps.Arithmetic) op).kind() == ElementwiseOps.Arith.ADD
                && !((ElementwiseOps.Arithmetic) op).legacy();
        boolean concat = op instanceof CopyOps.Concat;
        if (!pool && !global && !add && !concat || node.outputCount() != 1) {
            return null;
        }
        QdqPattern.Activation[] in = new QdqPattern.Activation[node.inputCount()];
        for (int i = 0; i < in.length; i++) {
            boolean floatInput = types[i] == null || types[i].dtype() == DType.FLOAT;
            in[i] = constants[i] == null && floatInput ? QdqPattern.dequantizedInput(g, node.input(i)) : null;
            if (in[i] == null) {
                return null;
            }
        }
        QdqPattern.Activation y = QdqPattern.requantizedOutput(g, node.output(0));
        if (y == null) {
            return null;
        }
        if (pool || global) {
            PoolOps.Mode mode = pool ? ((PoolOps.Pool) op).mode() : ((PoolOps.GlobalPool) op).mode();
            return new Int8PoolKernel(pool ? (PoolOps.Pool) op : null, mode == PoolOps.Mode.MAX, in[0], y);
        }
        if (add) {
            boolean sameShape = in.length == 2 && types[0] != null && types[1] != null && types[0].isStatic() && types[1].isStatic()
                    && Arrays.equals(types[0].shape(), types[1].shape());
            return sameShape ? new Int8AddKernel(in[0], in[1], y) : null;
        }
        return new Int8ConcatKernel((CopyOps.Concat) op, in, y);
    }
}
