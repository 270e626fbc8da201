package dev.ondeck.engine.onnx;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelFormatException;
import dev.ondeck.engine.NodeException;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.UnsupportedOpsException;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.onnx.OnnxProto.Dim;
import dev.ondeck.engine.onnx.OnnxProto.TensorData;
import dev.ondeck.engine.onnx.OnnxProto.TypeInfo;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.OpRegistry;
import dev.ondeck.engine.ops.ShapeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a decoded ONNX model into typed graphs: resolves every node through the {@link OpRegistry} for the
 * opset the model imports, decodes initializers, checks references, orders nodes topologically, and
 * reports every unsupported operator at once.
 */
public final class OnnxImporter {
    private final OpRegistry registry;
    private final Map<String, Integer> opsets = new HashMap<>();
    private final Path baseDir;
    private final Map<String, UnsupportedCollector> unsupported = new LinkedHashMap<>();
    private final FunctionInliner functions;

    private static final class UnsupportedCollector {
        final String opType;
        final String domain;
        final long opset;
        final List<String> nodes = new ArrayList<>();

        UnsupportedCollector(String opType, String domain, long opset) {
            this.opType = opType;
            this.domain = domain;
            this.opset = opset;
        }
    }

    private OnnxImporter(OpRegistry registry, OnnxProto.Model model, Path baseDir) {
        this.registry = registry;
        this.baseDir = baseDir;
        for (OnnxProto.OpsetId id : model.opsetImports) {
            opsets.put(normalizeDomain(id.domain), (int) id.version);
        }
        opsets.putIfAbsent("", 1);
        this.functions = new FunctionInliner(model.functions);
    }

    /**
     * Imports a model's main graph.
     *
     * @param baseDir folder of the model file, for external data (null for in-memory models)
     */
    public static Graph importModel(OnnxProto.Model model, Path baseDir, OpRegistry registry) {
        OnnxImporter imp = new OnnxImporter(registry, model, baseDir);
        Graph g = imp.importGraph(model.graph, "graph", java.util.Collections.emptySet());
        if (!imp.unsupported.isEmpty()) {
            List<UnsupportedOpsException.Missing> missing = new ArrayList<>();
            for (UnsupportedCollector c : imp.unsupported.values()) {
                missing.add(new UnsupportedOpsException.Missing(c.opType, c.domain, c.opset, c.nodes));
            }
            throw new UnsupportedOpsException(missing);
        }
        return g;
    }

    /** The opset versions the model imports, by domain ("" for the default domain). */
    public static Map<String, Integer> opsets(OnnxProto.Model model) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (OnnxProto.OpsetId id : model.opsetImports) {
            m.put(normalizeDomain(id.domain), (int) id.version);
        }
        return m;
    }

    static String normalizeDomain(String d) {
        return d == null || d.equals("ai.onnx") ? "" : d;
    }

    /**
     * Imports one graph.
     *
     * @param path field path for messages
     * @param outerNames names visible from enclosing graphs (empty for the main graph)
     */
    Graph importGraph(OnnxProto.Graph gp, String path, Set<String> outerNames) {
        if (gp.sparseInitializers > 0) {
            throw new ModelFormatException(path + ".sparse_initializer", "sparse initializers are not supported");
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        Map<String, TensorType> declared = new LinkedHashMap<>();
        for (TensorData td : gp.initializers) {
            String where = path + ".initializer '" + td.name + "'";
            Tensor t = TensorCodec.decode(td, baseDir, where);
            initializers.put(td.name, t);
            declared.put(td.name, TensorType.of(t.dtype(), t.shape()));
        }
        List<ValueInfo> inputs = new ArrayList<>();
        for (OnnxProto.ValueInfo vi : gp.inputs) {
            TensorType t = typeOf(vi, path + ".input '" + vi.name + "'");
            if (!initializers.containsKey(vi.name)) {
                inputs.add(new ValueInfo(vi.name, t));
                declared.put(vi.name, t);
            }
        }
        for (OnnxProto.ValueInfo vi : gp.valueInfo) {
            if (vi.type != null && "tensor".equals(vi.type.kind) && DType.fromOnnx(vi.type.elemType) != null) {
                declared.putIfAbsent(vi.name, typeOf(vi, path + ".value_info '" + vi.name + "'"));
            }
        }
        List<ValueInfo> outputs = new ArrayList<>();
        for (OnnxProto.ValueInfo vi : gp.outputs) {
            TensorType t = vi.type == null ? null : typeOf(vi, path + ".output '" + vi.name + "'");
            outputs.add(new ValueInfo(vi.name, t));
            if (t != null) {
                declared.putIfAbsent(vi.name, t);
            }
        }

        Set<String> defined = new HashSet<>(initializers.keySet());
        for (ValueInfo v : inputs) {
            defined.add(v.name());
        }
        List<OnnxProto.Node> protoNodes = functions.expand(gp.nodes, opsets);
        for (OnnxProto.Node n : protoNodes) {
            for (String o : n.outputs) {
                if (!o.isEmpty() && !defined.add(o) && !initializers.containsKey(o)) {
                    throw new ModelFormatException(path, "value '" + o + "' is produced twice (second time by node '"
                            + n.name + "' " + n.opType + ")");
                }
            }
        }
        Set<String> visibleInside = new HashSet<>(outerNames);
        visibleInside.addAll(defined);

        List<Node> nodes = new ArrayList<>();
        Set<String> outerRefs = new LinkedHashSet<>();
        for (int i = 0; i < protoNodes.size(); i++) {
            OnnxProto.Node pn = protoNodes.get(i);
            String nodeName = pn.name.isEmpty() ? pn.opType + "_" + i : pn.name;
            String where = path + ".node[" + i + "] '" + nodeName + "' (" + pn.opType + ")";
            for (String in : pn.inputs) {
                if (in.isEmpty() || defined.contains(in)) {
                    continue;
                }
                if (outerNames.contains(in)) {
                    outerRefs.add(in);
                } else {
                    throw new ModelFormatException(where, "input '" + in
                            + "' is not produced by any node, initializer or graph input (missing initializer?)");
                }
            }
            Node node = importNode(pn, i, nodeName, where, visibleInside);
            if (node != null) {
                for (String ref : node.implicitInputs()) {
                    if (!defined.contains(ref)) {
                        outerRefs.add(ref);
                    }
                }
                nodes.add(node);
            }
        }
        for (ValueInfo o : outputs) {
            if (!defined.contains(o.name())) {
                if (outerNames.contains(o.name())) {
                    outerRefs.add(o.name());
                } else {
                    throw new ModelFormatException(path + ".output '" + o.name() + "'", "not produced by any node, initializer or input");
                }
            }
        }
        List<Node> ordered = TopologicalOrder.sort(nodes, path);
        return new Graph(gp.name, ordered, inputs, outputs, initializers, declared, outerRefs);
    }

    private Node importNode(OnnxProto.Node pn, int index, String nodeName, String where, Set<String> visibleInside) {
        String domain = normalizeDomain(pn.domain);
        Integer opset = opsets.get(domain);
        OpRegistry.Factory factory = opset == null ? null : registry.lookup(domain, pn.opType, opset);
        if (factory == null) {
            String key = domain + "::" + pn.opType;
            unsupported.computeIfAbsent(key, k -> new UnsupportedCollector(pn.opType, domain, opset == null ? 0 : opset))
                    .nodes.add(nodeName);
            return null;
        }
        NodeAttributes spec = new NodeAttributes(pn, nodeName, opset, where, this, visibleInside);
        Op op;
        try {
            op = factory.create(spec);
        } catch (ShapeException e) {
            throw new NodeException(nodeName, pn.opType, e.getMessage(), e);
        }
        if (op == null) {
            return null;
        }
        Set<String> implicit = new LinkedHashSet<>();
        for (Graph sub : op.subgraphs()) {
            implicit.addAll(sub.outerReferences());
        }
        return new Node(nodeName, pn.opType, domain, index, op, pn.inputs.toArray(new String[0]),
                pn.outputs.toArray(new String[0]), implicit.toArray(new String[0]), spec.displayAttributes());
    }

    /** Imports a graph attribute of a node; names visible at the node are visible inside. */
    Graph importSubgraph(OnnxProto.Graph g, String where, Set<String> visibleAtNode) {
        return importGraph(g, where, visibleAtNode);
    }

    /** Converts a declared ValueInfo type (null when none is set); refuses non-tensor types by name. */
    static TensorType typeOf(OnnxProto.ValueInfo vi, String where) {
        TypeInfo t = vi.type;
        if (t == null || "unknown".equals(t.kind)) {
            return null;
        }
        if (!"tensor".equals(t.kind)) {
            throw new OndeckException(where + ": values of type " + t.kind + " are not supported; only tensors");
        }
        DType dtype = DType.fromOnnx(t.elemType);
        if (dtype == null) {
            throw new ModelFormatException(where, "element type " + DType.onnxName(t.elemType) + " is not supported");
        }
        if (t.shape == null) {
            return TensorType.unknownShape(dtype);
        }
        int[] shape = new int[t.shape.size()];
        String[] names = new String[shape.length];
        for (int i = 0; i < shape.length; i++) {
            Dim d = t.shape.get(i);
            if (d.value < -1 || d.value > Integer.MAX_VALUE) {
                throw new ModelFormatException(where, "dimension " + i + " is " + d.value + "; expected 0.." + Integer.MAX_VALUE);
            }
            shape[i] = d.value >= 0 ? (int) d.value : -1;
            names[i] = d.param;
        }
        return new TensorType(dtype, shape, names);
    }
}
