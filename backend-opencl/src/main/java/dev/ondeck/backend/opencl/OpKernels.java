package dev.ondeck.backend.opencl;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ActivationOps;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ConvTransposeOps;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.LinearAlgebraOps;
import dev.ondeck.engine.ops.NormalizationOps;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.PoolOps;
import dev.ondeck.engine.ops.SoftmaxOps;
import dev.ondeck.engine.ops.UnaryOps;

/** The kernel registry of the OpenCL backend: a launch for a typed op, or null for the CPU fallback. */
final class OpKernels {
    private OpKernels() {
    }

    static Kernel choose(Prep p) {
        Op op = p.node().op();
        if (!floatInputs(p.in())) {
            return op instanceof ActivationOps.Clip ? ElementwiseLaunches.clip(p, (ActivationOps.Clip) op) : null;
        }
        if (op instanceof ConvOps.Conv) {
            return ConvLaunches.conv(p, (ConvOps.Conv) op);
        }
        if (op instanceof ConvTransposeOps.ConvTranspose) {
            return ConvLaunches.convTranspose(p, (ConvTransposeOps.ConvTranspose) op);
        }
        if (op instanceof PoolOps.Pool) {
            return ConvLaunches.pool(p, (PoolOps.Pool) op);
        }
        if (op instanceof PoolOps.GlobalPool) {
            return ConvLaunches.globalPool(p, (PoolOps.GlobalPool) op);
        }
        if (op instanceof LinearAlgebraOps.Gemm) {
            return MatrixLaunches.gemm(p, (LinearAlgebraOps.Gemm) op);
        }
        if (op instanceof LinearAlgebraOps.MatMul) {
            return MatrixLaunches.matMul(p);
        }
        if (op instanceof ElementwiseOps.Arithmetic) {
            return ElementwiseLaunches.binary(p, (ElementwiseOps.Arithmetic) op);
        }
        if (op instanceof UnaryOps.Unary) {
            return ElementwiseLaunches.unary(p, (UnaryOps.Unary) op);
        }
        if (op instanceof ActivationOps.Clip) {
            return ElementwiseLaunches.clip(p, (ActivationOps.Clip) op);
        }
        if (op instanceof SoftmaxOps.Softmax) {
            return NormLaunches.softmax(p, (SoftmaxOps.Softmax) op);
        }
        if (op instanceof NormalizationOps.BatchNorm) {
            return NormLaunches.batchNorm(p, (NormalizationOps.BatchNorm) op);
        }
        if (op instanceof NormalizationOps.LayerNorm) {
            return NormLaunches.layerNorm(p, (NormalizationOps.LayerNorm) op);
        }
        return null;
    }

    /** True when every present input is float32. */
    static boolean floatInputs(TensorType[] in) {
        for (TensorType t : in) {
            if (t != null && t.dtype() != DType.FLOAT) {
                return false;
            }
        }
        return true;
    }

    /** Elements of a shape. */
    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
