package dev.ondeck.engine.npu;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.PlanGraph;
import dev.ondeck.engine.backend.int8.FloatFallback;
import dev.ondeck.engine.backend.int8.Int8Backend;
import dev.ondeck.engine.backend.portable.PortableBackend;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code npu-emu}: an emulation of an NPU-class accelerator on this machine's CPU. Each session partitions its
 * model with {@link NpuPartitioner} under the capability profile (the NNAPI-like one, or the file named by
 * system property {@value #PROFILE_PROPERTY}); nodes of NPU segments run on {@code cpu-int8}'s int8 kernels
 * where their QDQ pattern allows (labelled {@value #NPU_INT8}) and otherwise on float kernels
 * ({@value #NPU_FLOAT}); CPU segments run on the float kernels ({@value #CPU}). Every time it reports is this
 * machine's CPU time: it never claims NPU timings. The partition (segments, hand-offs, reasons) is the product.
 */
public final class NpuEmuBackend implements Backend {
    /** System property naming a capability profile file; absent means the bundled NNAPI-like profile. */
    public static final String PROFILE_PROPERTY = "ondeck.npuProfile";
    /** Label of NPU-segment nodes run as int8 kernels (on this CPU). */
    public static final String NPU_INT8 = "npu-emu:npu-int8@cpu";
    /** Label of NPU-segment nodes run by float kernels (quantise/dequantise, pooling, ...; on this CPU). */
    public static final String NPU_FLOAT = "npu-emu:npu@cpu";
    /** Label of CPU-fallback nodes. */
    public static final String CPU = "npu-emu:cpu";
    private final NpuProfile profile;
    private final PartitionReport partition;
    private final Map<String, Boolean> onNpu = new HashMap<>();
    private final PortableBackend floats = new PortableBackend();

    /** The unbound backend (as found by name); sessions bind it to their model. */
    public NpuEmuBackend() {
        this(null, null);
    }

    private NpuEmuBackend(NpuProfile profile, PartitionReport partition) {
        this.profile = profile;
        this.partition = partition;
        if (partition != null) {
            for (PartitionReport.Placement p : partition.placements()) {
                onNpu.put(p.node(), p.onNpu());
            }
        }
    }

    /** The backend bound to {@code model} under {@code profile}. */
    public static NpuEmuBackend of(Model model, NpuProfile profile) {
        return new NpuEmuBackend(profile, NpuPartitioner.partition(model, profile));
    }

    @Override
    public String name() {
        return "npu-emu";
    }

    @Override
    public String description() {
        return "NPU emulation: partition under a capability profile, NPU segments on int8 kernels; times are this CPU's";
    }

    @Override
    public Backend forModel(Model model) {
        if (partition != null) {
            return this;
        }
        String file = System.getProperty(PROFILE_PROPERTY);
        try {
            return of(model, file == null || file.isEmpty() ? NpuProfile.nnapiLike() : NpuProfile.load(Paths.get(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NPU profile " + file, e);
        }
    }

    /** The partition this backend runs (null until bound to a model). */
    public PartitionReport partition() {
        return partition;
    }

    /** The profile it was bound with (null until bound). */
    public NpuProfile profile() {
        return profile;
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes) {
        throw new OndeckException("npu-emu plans only through a session bound to its model (Backend.forModel)");
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes, Tensor[] constants, int threads, PlanGraph graph) {
        if (partition == null) {
            throw new OndeckException("npu-emu plans only through a session bound to its model (Backend.forModel)");
        }
        boolean npu = onNpu.getOrDefault(node.name(), false);
        if (npu) {
            Kernel k = Int8Backend.int8Kernel(node, inputTypes, constants, graph);
            if (k != null) {
                return FloatFallback.wrap(k, NPU_INT8);
            }
        }
        Kernel k = floats.kernelFor(node, inputTypes, constants, threads);
        Kernel chosen = k != null ? k : (Kernel) node.op()::execute;
        return FloatFallback.wrap(chosen, npu ? NPU_FLOAT : CPU);
    }
}
