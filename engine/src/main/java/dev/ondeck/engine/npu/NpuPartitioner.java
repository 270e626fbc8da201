package dev.ondeck.engine.npu;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a model's nodes, in execution order, into NPU segments and CPU fallbacks under an {@link NpuProfile}.
 * A node goes to the NPU when the profile lists its op and every tensor it reads or writes either has one of the
 * profile's dtypes or is a float tensor of a QDQ group (read from a DequantizeLinear, written only to
 * QuantizeLinear nodes); a profile that relaxes float32 to float16 also takes nodes that fail only on float
 * tensors, marked {@link PartitionReport.Placement#float16()}. Consecutive nodes with the same placement form a
 * segment; a tensor made in one segment and read in another is a hand-off (constants folded at load are not). A
 * node folded into a constant takes the placement of the next node, so constants never cut a segment. Nothing
 * here runs the model.
 */
public final class NpuPartitioner {
    private NpuPartitioner() {
    }

    /** The partition of {@code model} under {@code profile}, with a placement and reason for every node. */
    public static PartitionReport partition(Model model, NpuProfile profile) {
        try (Session s = model.newSession(SessionOptions.builder().backend("cpu-ref").foldConstants(true).build())) {
            ExecutionPlan plan = s.plan();
            Map<String, DType> dtypes = TensorDtypes.of(model.graph());
            Map<String, Node> producer = new HashMap<>();
            Map<String, List<Node>> consumers = new HashMap<>();
            for (int n = 0; n < plan.nodeCount(); n++) {
                Node node = plan.node(n);
                for (String o : node.outputs()) {
                    producer.put(o, node);
                }
                for (String i : node.inputs()) {
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(node);
                }
            }
            PartitionReport.Placement[] placements = new PartitionReport.Placement[plan.nodeCount()];
            boolean next = true;
            for (int n = plan.nodeCount() - 1; n >= 0; n--) {
                Node node = plan.node(n);
                if (plan.isFolded(n)) {
                    placements[n] = new PartitionReport.Placement(n, node.name(), node.opType(), next,
                            "constant, folded at load: travels with the segment that reads it", false);
                    continue;
                }
                String strict = refusal(plan, dtypes, node, profile, producer, consumers, false);
                String reason = strict == null || !profile.relaxedFloat32() ? strict
                        : refusal(plan, dtypes, node, profile, producer, consumers, true);
                next = reason == null;
                boolean half = next && strict != null;
                String supported = "op and dtypes supported by " + profile.name() + (half ? " (float32 computed as float16)" : "");
                placements[n] = new PartitionReport.Placement(n, node.name(), node.opType(), next, next ? supported : reason, half);
            }
            List<PartitionReport.Placement> list = Arrays.asList(placements);
            return new PartitionReport(profile.name(), list, handOffs(plan, list));
        }
    }

    /** Why {@code node} cannot go to the NPU, or null when it can; {@code relax} accepts any float32 tensor. */
    private static String refusal(ExecutionPlan plan, Map<String, DType> dtypes, Node node, NpuProfile profile, Map<String, Node> producer,
                                  Map<String, List<Node>> consumers, boolean relax) {
        if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
            return "domain " + node.domain() + " is not an NPU domain";
        }
        if (!profile.supports(node.opType())) {
            return "op " + node.opType() + " is not in profile " + profile.name();
        }
        for (String in : node.inputs()) {
            if (in.isEmpty()) {
                continue;
            }
            DType t = dtypes.get(in);
            if (t == null) {
                return "type of input '" + in + "' could not be inferred";
            }
            if (profile.dtypes().contains(t) || isInitializerOrConstant(plan, in) || t == DType.FLOAT && relax) {
                continue;
            }
            Node p = producer.get(in);
            if (t == DType.FLOAT && p != null && p.opType().equals("DequantizeLinear")) {
                continue;
            }
            if (t == DType.FLOAT && node.opType().equals("QuantizeLinear")) {
                continue;
            }
            return "input '" + in + "' is " + t + (t == DType.FLOAT ? " not read from a DequantizeLinear" : "")
                    + " (" + profile.name() + " computes in " + profile.dtypes() + ")";
        }
        for (String out : node.outputs()) {
            DType t = dtypes.get(out);
            if (t == null) {
                return "type of output '" + out + "' could not be inferred";
            }
            if (profile.dtypes().contains(t) || t == DType.FLOAT && (node.opType().equals("DequantizeLinear") || relax)) {
                continue;
            }
            List<Node> users = consumers.getOrDefault(out, new ArrayList<>());
            boolean onlyQuantized = t == DType.FLOAT && !users.isEmpty()
                    && users.stream().allMatch(u -> u.opType().equals("QuantizeLinear"));
            if (!onlyQuantized) {
                return "output '" + out + "' is " + t + (t == DType.FLOAT ? " not written only to QuantizeLinear" : "")
                        + " (" + profile.name() + " computes in " + profile.dtypes() + ")";
            }
        }
        return null;
    }

    private static boolean isInitializerOrConstant(ExecutionPlan plan, String name) {
        return plan.constant(plan.slotOf(name)) != null;
    }

    /**
     * Tensors produced in one segment and read in another, once per reading segment, at their first reader
     * there; constants (initializers and folded values) are never handed off.
     */
    private static List<PartitionReport.HandOff> handOffs(ExecutionPlan plan, List<PartitionReport.Placement> placements) {
        Map<String, Integer> segmentOf = new HashMap<>();
        List<PartitionReport.HandOff> list = new ArrayList<>();
        Set<String> counted = new HashSet<>();
        int segment = 0;
        for (int n = 0; n < placements.size(); n++) {
            if (n > 0 && placements.get(n).onNpu() != placements.get(n - 1).onNpu()) {
                segment++;
            }
            for (String in : plan.node(n).inputs()) {
                int slot = in.isEmpty() ? -1 : plan.slotOf(in);
                Integer from = slot < 0 || plan.constant(slot) != null ? null : segmentOf.get(in);
                if (from != null && from != segment && counted.add(in + "->" + segment)) {
                    TensorType t = plan.slotType(slot);
                    long bytes = t != null && t.isStatic() ? t.elementCount() * t.dtype().byteSize() : -1;
                    list.add(new PartitionReport.HandOff(in, from, segment, n, bytes));
                }
            }
            for (String o : plan.node(n).outputs()) {
                segmentOf.put(o, segment);
            }
        }
        return list;
    }
}
