package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.PlanGraph;
import dev.ondeck.engine.backend.portable.PortableBackend;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.LinearAlgebraOps;

/**
 * {@code cpu-int8}: runs the QDQ pattern DequantizeLinear(x_q), DequantizeLinear(w_q) -> Conv/Gemm/MatMul ->
 * QuantizeLinear as an int8 kernel (int8 activations and per-channel int8 weights, int32 accumulation,
 * requantisation to the QuantizeLinear's grid), and MaxPool/AveragePool/their global forms, Add and Concat
 * between DequantizeLinear and QuantizeLinear on the activations' integers ({@link Int8DataKernels}), and
 * per-tensor QuantizeLinear/DequantizeLinear themselves ({@link Int8QdqKernels}). It
 * recognises the patterns at prepare time from the graph around the node; every other node runs on the float
 * kernels of {@code cpu-portable} (labelled {@value #FLOAT_LABEL} in plans and profiles) or, where those lack
 * the op, on {@code cpu-ref}. The integer loops are an {@link Int8Kernels} SPI: the scalar ones here, the
 * Vector API ones when the {@code cpu} module is on the class path.
 */
public final class Int8Backend implements Backend {
    /** The plan/profile label of nodes this backend runs with float kernels. */
    public static final String FLOAT_LABEL = "cpu-int8:float";
    private final PortableBackend floats = new PortableBackend();

    @Override
    public String name() {
        return "cpu-int8";
    }

    @Override
    public String description() {
        return "int8 Conv/Gemm/MatMul (int32 accumulation, per-channel weights), pooling, Add, Concat of QDQ graphs ("
                + Int8Kernels.loaded().describe() + "), float kernels elsewhere";
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes) {
        return FloatFallback.wrap(floats.kernelFor(node, inputTypes));
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes, Tensor[] constants, int threads) {
        return FloatFallback.wrap(floats.kernelFor(node, inputTypes, constants, threads));
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes, Tensor[] constants, int threads, PlanGraph graph) {
        Kernel k = int8Kernel(node, inputTypes, constants, graph);
        return k != null ? k : kernelFor(node, inputTypes, constants, threads);
    }

    /** The int8 kernel when the node sits in a recognised QDQ pattern (input types may be unknown when shapes are dynamic), else null. */
    public static Kernel int8Kernel(Node node, TensorType[] types, Tensor[] constants, PlanGraph g) {
        Kernel data = Int8DataKernels.kernelFor(node, types, constants, g);
        Kernel boundary = data == null ? Int8QdqKernels.kernelFor(node, types, constants, g) : null;
        if (data != null || boundary != null) {
            return data != null ? data : boundary;
        }
        if (node.inputCount() < 2 || types[0] != null && types[0].dtype() != DType.FLOAT || constants[0] != null) {
            return null;
        }
        QdqPattern.Activation x = QdqPattern.dequantizedInput(g, node.input(0));
        if (x == null) {
            return null;
        }
        QdqPattern.Activation y = QdqPattern.requantizedOutput(g, node.output(0));
        Tensor bias = node.inputCount() > 2 && !node.input(2).isEmpty() ? QdqPattern.constantOrDequantized(g, node.input(2)) : null;
        if (node.inputCount() > 2 && !node.input(2).isEmpty() && bias == null) {
            return null;
        }
        if (node.op() instanceof ConvOps.Conv) {
            QdqPattern.Weights w = QdqPattern.dequantizedWeights(g, node.input(1), 0);
            if (w == null || bias != null && bias.size() != w.shape[0] || types[0] != null && types[0].hasRank() && types[0].rank() != w.shape.length) {
                return null;
            }
            return new Int8ConvKernel((ConvOps.Conv) node.op(), new Int8Linear(x, w, floats(bias), y));
        }
        boolean gemm = node.op() instanceof LinearAlgebraOps.Gemm;
        if (!gemm && !(node.op() instanceof LinearAlgebraOps.MatMul)) {
            return null;
        }
        LinearAlgebraOps.Gemm op = gemm ? (LinearAlgebraOps.Gemm) node.op() : null;
        boolean transB = gemm && op.transB();
        if (gemm && op.transA() || !gemm && node.inputCount() != 2) {
            return null;
        }
        QdqPattern.Weights w = QdqPattern.dequantizedWeights(g, node.input(1), transB ? 0 : 1);
        if (w == null || w.shape.length != 2) {
            return null;
        }
        int n = transB ? w.shape[0] : w.shape[1];
        if (bias != null && (bias.size() != 1 && bias.size() != n || bias.rank() == 2 && bias.dim(0) != 1)) {
            return null;
        }
        return new Int8MatrixKernel(new Int8Linear(x, w, floats(bias), y), transB, gemm ? op.alpha() : 1f, gemm ? op.beta() : 1f);
    }

    private static float[] floats(Tensor t) {
        if (t == null) {
            return null;
        }
        float[] f = new float[t.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) t.getDouble(i);
        }
        return f;
    }
}
