package dev.ondeck.backend.cpu;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.portable.DepthwisePlane;
import dev.ondeck.engine.backend.portable.FloatLoops;
import dev.ondeck.engine.backend.portable.IntraOpPool;
import dev.ondeck.engine.backend.portable.PoolWindows;
import dev.ondeck.engine.backend.portable.PortableBackend;
import dev.ondeck.engine.backend.portable.Sgemm;
import dev.ondeck.engine.backend.portable.WinogradF43;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;

/**
 * {@code cpu}: the {@code cpu-portable} kernels with the products on a Vector API micro-kernel
 * ({@link VectorSgemm}). HotSpot only: needs {@code --add-modules jdk.incubator.vector}, and says so when
 * it is missing instead of failing.
 */
public final class CpuBackend extends PortableBackend {
    public CpuBackend() {
        super("cpu");
    }

    @Override
    public String description() {
        return "Vector API float32 kernels (" + (unavailableReason() == null ? Gemm.INSTANCE.describe() : "unavailable")
                + "), multi-threaded; other ops on cpu-ref";
    }

    @Override
    public String unavailableReason() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? null
                : "the JVM runs without the Vector API; add --add-modules jdk.incubator.vector";
    }

    /** Stem convolutions (3x3 stride 2 on few channels) run direct ({@link VectorStemConv}); the rest as cpu-portable. */
    @Override
    public Kernel kernelFor(Node node, TensorType[] in, Tensor[] constants, int threads) {
        if (node.op() instanceof ConvOps.Conv && unavailableReason() == null) {
            Kernel stem = Gemm.stem((ConvOps.Conv) node.op(), in, constants, threads);
            if (stem != null) {
                return stem;
            }
        }
        return super.kernelFor(node, in, constants, threads);
    }

    @Override
    protected Sgemm gemm() {
        return Gemm.INSTANCE;
    }

    /** MatMul products of both operands at run time read them in place ({@link VectorDirectSgemm}). */
    @Override
    protected Sgemm matMulGemm() {
        return Gemm.DIRECT;
    }

    @Override
    protected FloatLoops loops() {
        return Gemm.LOOPS;
    }

    @Override
    protected WinogradF43 winograd() {
        return Gemm.WINOGRAD;
    }

    @Override
    protected PoolWindows poolWindows() {
        return Gemm.POOLING;
    }

    @Override
    protected DepthwisePlane depthwise() {
        return Gemm.DEPTHWISE;
    }

    /** Loads the Vector API classes on first use only. */
    private static final class Gemm {
        static final VectorSgemm INSTANCE = new VectorSgemm();
        static final VectorDirectSgemm DIRECT = new VectorDirectSgemm(INSTANCE);
        static final VectorLoops LOOPS = new VectorLoops();
        static final VectorWinograd WINOGRAD = new VectorWinograd();
        static final VectorDepthwise DEPTHWISE = new VectorDepthwise();
        static final VectorPooling POOLING = new VectorPooling();

        static Kernel stem(ConvOps.Conv conv, TensorType[] in, Tensor[] constants, int threads) {
            return VectorStemConv.of(conv, in, constants, IntraOpPool.of(threads));
        }
    }
}
