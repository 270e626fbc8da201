package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.CopyOps;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.LinearAlgebraOps;
import dev.ondeck.engine.ops.NormalizationOps;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.PoolOps;
import dev.ondeck.engine.ops.ShapeOps;
import dev.ondeck.engine.ops.SoftmaxOps;
import dev.ondeck.engine.ops.UnaryOps;

/**
 * {@code cpu-portable}: float32 kernels for the hot ops (convolution, Gemm, MatMul, pooling, Concat, elementwise
 * arithmetic and activations) in plain Java that
 * HotSpot's and ART's loop vectorisers handle, run on a fixed intra-op pool of {@code threads} threads
 * (0 means 1: a session asks for more explicitly). Every other node falls back to {@code cpu-ref}. Faster
 * backends subclass it and replace the {@link Sgemm}.
 */
public class PortableBackend implements Backend {
    private static final Sgemm PORTABLE_GEMM = new PortableSgemm();
    private final String name;

    /** The {@code cpu-portable} backend (the service-loader constructor). */
    public PortableBackend() {
        this("cpu-portable");
    }

    /** A backend of that name; subclasses override {@link #gemm()}. */
    protected PortableBackend(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "float32 convolution, Gemm, MatMul, pooling and elementwise ops in portable loops, multi-threaded";
    }

    @Override
    public boolean fusesPatterns() {
        return true;
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes) {
        return kernelFor(node, inputTypes, new Tensor[inputTypes.length], 0);
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] in, Tensor[] constants, int threads) {
        if (in.length == 0 || in[0] != null && in[0].dtype() != DType.FLOAT) {
            return null;
        }
        Kernel k = choose(node, in, constants, IntraOpPool.of(threads));
        if (k == null || in[0] != null) {
            return k;
        }
        Op op = node.op();
        Kernel fast = k;
        return (ins, outs, ctx) -> {
            if (ins[0].dtype() == DType.FLOAT) {
                fast.execute(ins, outs, ctx);
            } else {
                op.execute(ins, outs, ctx);
            }
        };
    }

    private Kernel choose(Node node, TensorType[] in, Tensor[] constants, IntraOpPool pool) {
        Op op = node.op();
        Sgemm gemm = gemm();
        if (op instanceof ConvOps.Conv) {
            Kernel depthwise = DepthwiseKernel.of((ConvOps.Conv) op, in, depthwise(), pool);
            if (depthwise != null) {
                return depthwise;
            }
            Kernel conv = in[1] != null && in[1].hasRank() && in[1].rank() == 4
                    ? new ConvKernel((ConvOps.Conv) op, gemm, loops(), pool, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
                            constants[1] != null) : null;
            Kernel winograd = conv == null ? null : WinogradConv.choose((ConvOps.Conv) op, in, constants, gemm, winograd(), pool,
                    name, conv);
            return winograd != null ? winograd : conv;
        }
        if (op instanceof LinearAlgebraOps.Gemm) {
            return MatrixKernels.gemm((LinearAlgebraOps.Gemm) op, in, constants, gemm, pool);
        }
        if (op instanceof LinearAlgebraOps.MatMul) {
            return MatMulKernel.of(op, in, constants, matMulGemm(), pool);
        }
        if (op instanceof NormalizationOps.BatchNorm) {
            return NormalizationKernels.batchNorm((NormalizationOps.BatchNorm) op, in, node.outputCount(), loops(), pool);
        }
        if (op instanceof ShapeOps.Transpose) {
            boolean ranked = in[0] != null && in[0].hasRank();
            return ranked ? TransposeKernel.of(op, in[0], ((ShapeOps.Transpose) op).permutation(in[0].rank()), loops()) : null;
        }
        if (op instanceof NormalizationOps.LayerNorm) {
            return NormalizationKernels.layerNorm((NormalizationOps.LayerNorm) op, in, node.outputCount(), loops(), pool);
        }
        if (op instanceof PoolOps.Pool) {
            PoolOps.Mode mode = ((PoolOps.Pool) op).mode();
            boolean windowed = mode != PoolOps.Mode.LP && node.outputCount() == 1;
            return windowed ? new PoolKernels.Windowed((PoolOps.Pool) op, poolWindows(), pool) : null;
        }
        if (op instanceof PoolOps.GlobalPool) {
            PoolOps.Mode mode = ((PoolOps.GlobalPool) op).mode();
            return mode == PoolOps.Mode.LP ? null : new PoolKernels.Global(mode == PoolOps.Mode.MAX, loops(), pool);
        }
        if (op instanceof CopyOps.Concat) {
            return new ConcatKernel((CopyOps.Concat) op, node.inputCount(), pool);
        }
        if (op instanceof UnaryOps.Unary) {
            FloatLoops.Unary f = ElementwiseKernels.unaryOf((UnaryOps.Unary) op);
            return f == null ? null : ElementwiseKernels.unary(op, f, loops(), pool, node.input(0));
        }
        if (op instanceof SoftmaxOps.Softmax && ((SoftmaxOps.Softmax) op).isSoftmax()) {
            return ElementwiseKernels.softmax((SoftmaxOps.Softmax) op, loops(), pool);
        }
        if (ElementwiseKernels.isSquare(op, constants)) {
            return ElementwiseKernels.unary(op, FloatLoops.Unary.SQUARE, loops(), pool);
        }
        if (op instanceof ElementwiseOps.Arithmetic) {
            FloatLoops.Binary kind = ElementwiseKernels.binaryOf((ElementwiseOps.Arithmetic) op);
            boolean floats = in[1] == null || in[1].dtype() == DType.FLOAT;
            return kind == null || !floats ? null : ElementwiseKernels.binary(op, kind, loops(), pool);
        }
        return null;
    }

    /** The elementwise loops this backend runs on. */
    protected FloatLoops loops() {
        return FloatLoops.PORTABLE;
    }

    /** The 2-D pooling loop this backend runs on. */
    protected PoolWindows poolWindows() {
        return PoolWindows.PORTABLE;
    }

    /** The Winograd tile transforms this backend runs on. */
    protected WinogradF43 winograd() {
        return WinogradF43.PORTABLE;
    }

    /** The loop of one depthwise convolution plane this backend runs on. */
    protected DepthwisePlane depthwise() {
        return DepthwisePlane.portable(loops());
    }

    /** The product kernel this backend runs on. */
    protected Sgemm gemm() {
        return PORTABLE_GEMM;
    }

    /** The product kernel of MatMul nodes (whose operands may both change run by run); {@link #gemm()} by default. */
    protected Sgemm matMulGemm() {
        return gemm();
    }
}
