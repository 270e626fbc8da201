package dev.ondeck.engine.npu;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.PlanGraph;
import dev.ondeck.engine.backend.int8.Int8Backend;
import dev.ondeck.engine.backend.portable.PortableBackend;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code npu-emu}: an emulation of an NPU-class accelerator on this machine's CPU. Each session partitions its
 * model with {@link NpuPartitioner} under the capability profile (the NNAPI-like one, or the file or bundled
 * profile named by system property {@value #PROFILE_PROPERTY}); nodes of NPU segments run on {@code cpu-int8}'s
 * int8 kernels where their QDQ pattern allows (labelled {@value #NPU_INT8}) and otherwise on float kernels
 * ({@value #NPU_FLOAT}, or {@value #NPU_FP16} with outputs rounded to float16 where only a float16-relaxed profile
 * takes them); CPU segments run on the float kernels ({@value #CPU}). Every time it reports is this
 * machine's CPU time: it never claims NPU timings. The partition (segments, hand-offs, reasons) is the product;
 * while it runs, the first reader of each hand-off tensor in its segment counts it ({@link #handOffs()}, and
 * {@link #counters()} for profiles). Fusion never joins nodes of different placements.
 */
public final class NpuEmuBackend implements Backend {
    /** System property naming a capability profile file; absent means the bundled NNAPI-like profile. */
    public static final String PROFILE_PROPERTY = "ondeck.npuProfile";
    /** Label of NPU-segment nodes run as int8 kernels (on this CPU). */
    public static final String NPU_INT8 = "npu-emu:npu-int8@cpu";
    /** Label of NPU-segment nodes run by float kernels (quantise/dequantise, pooling, ...; on this CPU). */
    public static final String NPU_FLOAT = "npu-emu:npu@cpu";
    /** Label of nodes on the NPU through a float16-relaxed profile: float kernels, outputs rounded to float16. */
    public static final String NPU_FP16 = "npu-emu:npu-fp16@cpu";
    /** Label of CPU-fallback nodes. */
    public static final String CPU = "npu-emu:cpu";
    private final NpuProfile profile;
    private final PartitionReport partition;
    private final Map<Node, Integer> indexOf = new IdentityHashMap<>();
    private final Map<Integer, List<PartitionReport.HandOff>> handOffsAt = new HashMap<>();
    private final HandOffCounter handOffs = new HandOffCounter();
    private final PortableBackend floats = new PortableBackend();

    /** The unbound backend (as found by name); sessions bind it to their model. */
    public NpuEmuBackend() {
        this(null, null, null);
    }

    private NpuEmuBackend(Model model, NpuProfile profile, PartitionReport partition) {
        this.profile = profile;
        this.partition = partition;
        if (partition != null) {
            List<Node> nodes = model.graph().nodes();
            for (int n = 0; n < nodes.size(); n++) {
                indexOf.put(nodes.get(n), n);
            }
            for (PartitionReport.HandOff h : partition.handOffTensors()) {
                handOffsAt.computeIfAbsent(h.reader(), k -> new ArrayList<>()).add(h);
            }
        }
    }

    /** The backend bound to {@code model} under {@code profile}. */
    public static NpuEmuBackend of(Model model, NpuProfile profile) {
        return new NpuEmuBackend(model, profile, NpuPartitioner.partition(model, profile));
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
            return of(model, file == null || file.isEmpty() ? NpuProfile.nnapiLike() : NpuProfile.named(file));
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

    /** Hand-offs counted while sessions bound to this backend ran (cumulative; see {@link HandOffCounter#reset()}). */
    public HandOffCounter handOffs() {
        return handOffs;
    }

    /** {@code npu_hand_offs}, {@code npu_hand_off_bytes}, {@code npu_hand_offs_into_npu}, {@code npu_hand_offs_into_cpu}. */
    @Override
    public Map<String, Long> counters() {
        return handOffs.asMap();
    }

    @Override
    public String timingNote() {
        return "npu-emu times are this machine's CPU times (NPU segments run as int8/float kernels on this CPU), not NPU timings";
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
        Integer index = indexOf.get(node);
        PartitionReport.Placement placement = index == null ? null : partition.placements().get(index);
        boolean npu = placement != null && placement.onNpu();
        boolean half = npu && placement.float16();
        Kernel k = npu ? Int8Backend.int8Kernel(node, inputTypes, constants, graph) : null;
        String label = k != null ? NPU_INT8 : half ? NPU_FP16 : npu ? NPU_FLOAT : CPU;
        if (k == null) {
            Kernel f = floats.kernelFor(node, inputTypes, constants, threads);
            k = f != null ? f : node.op()::execute;
        }
        List<PartitionReport.HandOff> arriving = index == null ? null : handOffsAt.get(index);
        int count = arriving == null ? 0 : arriving.size();
        int[] positions = new int[count];
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = arriving.get(i).tensor();
            positions[i] = Arrays.asList(node.inputs()).indexOf(names[i]);
        }
        return PlacedKernel.of(k, label, npu, half, positions, names, handOffs, next -> {
            Integer j = indexOf.get(next);
            return j != null && partition.placements().get(j).onNpu() == npu && partition.placements().get(j).float16() == half;
        });
    }
}
