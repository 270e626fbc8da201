package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.PlanGraph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.QuantOps;

/**
 * QuantizeLinear (float to int8/uint8) and DequantizeLinear (int8/uint8 to float) with constant per-tensor
 * scale and zero point, the boundaries of a QDQ graph's int8 regions, on {@link Int8Kernels}' loops.
 * QuantizeLinear divides in float, as ONNX Runtime does.
 */
final class Int8QdqKernels {
    private Int8QdqKernels() {
    }

    /** The kernel for a per-tensor QuantizeLinear or DequantizeLinear, else null. */
    static Kernel kernelFor(Node node, TensorType[] types, Tensor[] constants, PlanGraph g) {
        boolean quantize = node.op() instanceof QuantOps.Quantize;
        if (!quantize && !(node.op() instanceof QuantOps.Dequantize) || constants[0] != null || node.outputCount() != 1
                || node.attributes().containsKey("block_size") || node.attributes().containsKey("output_dtype")) {
            return null;
        }
        QdqPattern.Activation p = QdqPattern.parameters(g, node);
        if (p == null) {
            return null;
        }
        if (quantize) {
            return types[0] == null || types[0].dtype() == DType.FLOAT ? new Quantize(p) : null;
        }
        boolean unsigned = p.lo == 0;
        return types[0] != null && types[0].dtype() == (unsigned ? DType.UINT8 : DType.INT8) ? new Dequantize(p) : null;
    }

    /** Float to the int8/uint8 grid of {@code p}: round half to even, saturate. */
    static final class Quantize implements Kernel {
        private final QdqPattern.Activation p;
        private final Int8Kernels kernels = Int8Kernels.loaded();

        Quantize(QdqPattern.Activation p) {
            this.p = p;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            byte[] q = out[0].bytes();
            int n = out[0].size();
            kernels.quantise(in[0].floats(), 0, n, p.scale, p.signedZeroPoint(), q, 0);
            if (p.lo == 0) {
                for (int i = 0; i < n; i++) {
                    q[i] ^= (byte) 0x80;
                }
            }
        }
    }

    /** int8/uint8 of the grid of {@code p} to float. */
    static final class Dequantize implements Kernel {
        private final QdqPattern.Activation p;
        private final Int8Kernels kernels = Int8Kernels.loaded();

        Dequantize(QdqPattern.Activation p) {
            this.p = p;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            kernels.dequantise(in[0].bytes(), 0, out[0].size(), p.lo == 0, p.zeroPoint, p.scale, out[0].floats(), 0);
        }
    }
}
