package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.DepthwisePlane;
import dev.ondeck.engine.backend.portable.FloatLoops;
import dev.ondeck.engine.backend.portable.PoolWindows;
import dev.ondeck.engine.backend.portable.PortableBackend;
import dev.ondeck.engine.backend.portable.Sgemm;
import dev.ondeck.engine.backend.portable.WinogradF43;

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

    @Override
    protected Sgemm gemm() {
        return Gemm.INSTANCE;
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
        static final VectorLoops LOOPS = new VectorLoops();
        static final VectorWinograd WINOGRAD = new VectorWinograd();
        static final VectorDepthwise DEPTHWISE = new VectorDepthwise();
        static final VectorPooling POOLING = new VectorPooling();
    }
}
