package dev.ondeck.backend.opencl;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.NodeException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.DeviceMemory;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.ResizeOps;
import dev.ondeck.engine.ops.ShapeException;
import dev.ondeck.engine.ops.ShapeOps;

/**
 * {@code opencl}: float32 OpenCL C kernels for convolution, Gemm/MatMul, pooling, elementwise arithmetic and
 * activations, softmax, normalisation and data movement, on the device {@link ClDevice#select} picks. Values
 * stay on the device between kernels; a node without a kernel runs on the CPU ({@code cpu-portable}, else
 * {@code cpu-ref}) with its inputs copied back first, which the plan and profile show
 * ({@link HostFallback}). Unavailable, with the reason, where no OpenCL platform is found.
 */
public class OpenClBackend implements Backend {
    /** Test-only: a kernel function name whose programs get a deliberate error in every stored value. */
    public static final String BREAK_PROPERTY = "ondeck.opencl.breakKernel";
    /** Test-only: a kernel function name whose programs fail to compile (to show the compiler log). */
    public static final String BREAK_BUILD_PROPERTY = "ondeck.opencl.breakBuild";
    private final String name;
    private final boolean half;
    private DeviceValues values;

    /** The {@code opencl} backend (the service-loader constructor). */
    public OpenClBackend() {
        this("opencl", false);
    }

    protected OpenClBackend(String name, boolean half) {
        this.name = name;
        this.half = half;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        ClContext ctx = ClContext.get();
        return (half ? "float16 storage, float32 arithmetic" : "float32") + " OpenCL kernels on "
                + (ctx == null ? "no device" : ctx.device.describe());
    }

    @Override
    public String unavailableReason() {
        return ClContext.unavailableReason();
    }

    /** The OpenCL state (non-null once the backend is available). */
    ClContext context() {
        return ClContext.get();
    }

    /** Where this backend's tensors live on the device. */
    synchronized DeviceValues values() {
        if (values == null) {
            values = new DeviceValues(context(), half);
        }
        return values;
    }

    @Override
    public DeviceMemory deviceMemory() {
        return context() == null ? null : values();
    }

    /** Build options of a kernel function's program. */
    String buildOptions(String function) {
        String opts = half ? "-DHALF_STORAGE" : "";
        if (function.equals(System.getProperty(BREAK_PROPERTY))) {
            opts += " -DBROKEN_BIAS=0.5f";
        }
        if (function.equals(System.getProperty(BREAK_BUILD_PROPERTY))) {
            opts += " -DBROKEN_BUILD";
        }
        return opts.trim();
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes) {
        return kernelFor(node, inputTypes, new Tensor[inputTypes.length], 0);
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] in, Tensor[] constants, int threads) {
        Kernel k = null;
        try {
            if (!known(node, in)) {
                k = null;
            } else if (isMovement(node.op())) {
                k = GatherKernel.of(this, node, in, constants);
            } else {
                TensorType[] out = staticOutputs(node, in, constants);
                k = out != null ? OpKernels.choose(new Prep(this, node, in, constants, out))
                        : PerShapeKernel.of(this, node, in, constants, threads);
            }
        } catch (ClBuildException e) {
            throw new NodeException(node.name(), node.opType(), e.getMessage(), e);
        }
        return k != null ? k : HostFallback.of(this, node, in, constants, threads);
    }

    /** Ops that only move elements: every output element is a copy of one input element. */
    private static boolean isMovement(Op op) {
        return op instanceof ShapeOps.Movement || op instanceof ResizeOps.Resize && ((ResizeOps.Resize) op).isPureNearest();
    }

    /** The node's output types when every float input and output shape is known at prepare time, else null. */
    static TensorType[] staticOutputs(Node node, TensorType[] in, Tensor[] constants) {
        if (!known(node, in)) {
            return null;
        }
        for (TensorType t : in) {
            if (t != null && !t.isStatic()) {
                return null;
            }
        }
        try {
            TensorType[] out = node.op().infer(in, constants, node.outputCount());
            for (TensorType t : out) {
                if (t == null || !t.isStatic() || t.dtype() != DType.FLOAT) {
                    return null;
                }
            }
            return out;
        } catch (ShapeException e) {
            return null;
        }
    }

    /** True when every input the node names has a type at prepare time (null entries are absent inputs). */
    static boolean known(Node node, TensorType[] in) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null && i < node.inputCount() && !node.input(i).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
