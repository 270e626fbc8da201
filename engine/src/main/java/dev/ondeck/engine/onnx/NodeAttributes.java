package dev.ondeck.engine.onnx;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.onnx.OnnxProto.Attribute;
import dev.ondeck.engine.ops.NodeSpec;
import dev.ondeck.engine.ops.ShapeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link NodeSpec} over one decoded NodeProto: typed attribute getters with messages naming the attribute. */
final class NodeAttributes implements NodeSpec {
    private final OnnxProto.Node node;
    private final String name;
    private final int opset;
    private final String where;
    private final OnnxImporter importer;
    private final Set<String> visibleNames;
    private final Map<String, Attribute> attrs = new LinkedHashMap<>();

    NodeAttributes(OnnxProto.Node node, String name, int opset, String where, OnnxImporter importer, Set<String> visibleNames) {
        this.node = node;
        this.name = name;
        this.opset = opset;
        this.where = where;
        this.importer = importer;
        this.visibleNames = visibleNames;
        for (Attribute a : node.attributes) {
            attrs.put(a.name, a);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int opset() {
        return opset;
    }

    @Override
    public int inputCount() {
        return node.inputs.size();
    }

    @Override
    public int outputCount() {
        return node.outputs.size();
    }

    @Override
    public boolean hasInput(int i) {
        return i < node.inputs.size() && !node.inputs.get(i).isEmpty();
    }

    @Override
    public boolean has(String attribute) {
        return attrs.containsKey(attribute);
    }

    private Attribute get(String attribute, int type, String typeName) {
        Attribute a = attrs.get(attribute);
        if (a == null) {
            return null;
        }
        int found = a.type != 0 ? a.type : guessType(a);
        if (found != type) {
            throw invalid("attribute '" + attribute + "' must be " + typeName + ", found type code " + found);
        }
        return a;
    }

    private static int guessType(Attribute a) {
        if (a.g != null) {
            return OnnxProto.ATTR_GRAPH;
        }
        if (a.t != null) {
            return OnnxProto.ATTR_TENSOR;
        }
        if (a.s != null) {
            return OnnxProto.ATTR_STRING;
        }
        if (a.ints.length > 0) {
            return OnnxProto.ATTR_INTS;
        }
        if (a.floats.length > 0) {
            return OnnxProto.ATTR_FLOATS;
        }
        if (!a.strings.isEmpty()) {
            return OnnxProto.ATTR_STRINGS;
        }
        return a.f != 0 ? OnnxProto.ATTR_FLOAT : OnnxProto.ATTR_INT;
    }

    @Override
    public long getInt(String attribute, long defaultValue) {
        Attribute a = get(attribute, OnnxProto.ATTR_INT, "an int");
        return a == null ? defaultValue : a.i;
    }

    @Override
    public long requireInt(String attribute) {
        Attribute a = get(attribute, OnnxProto.ATTR_INT, "an int");
        if (a == null) {
            throw invalid("required attribute '" + attribute + "' is missing");
        }
        return a.i;
    }

    @Override
    public float getFloat(String attribute, float defaultValue) {
        Attribute a = attrs.get(attribute);
        if (a != null && a.type == OnnxProto.ATTR_INT) {
            return a.i;
        }
        a = get(attribute, OnnxProto.ATTR_FLOAT, "a float");
        return a == null ? defaultValue : a.f;
    }

    @Override
    public String getString(String attribute, String defaultValue) {
        Attribute a = get(attribute, OnnxProto.ATTR_STRING, "a string");
        return a == null ? defaultValue : new String(a.s, StandardCharsets.UTF_8);
    }

    @Override
    public long[] getInts(String attribute, long[] defaultValue) {
        Attribute a = get(attribute, OnnxProto.ATTR_INTS, "a list of ints");
        return a == null ? defaultValue : a.ints.clone();
    }

    @Override
    public float[] getFloats(String attribute, float[] defaultValue) {
        Attribute a = get(attribute, OnnxProto.ATTR_FLOATS, "a list of floats");
        return a == null ? defaultValue : a.floats.clone();
    }

    @Override
    public List<String> getStrings(String attribute) {
        Attribute a = get(attribute, OnnxProto.ATTR_STRINGS, "a list of strings");
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (byte[] b : a.strings) {
                out.add(new String(b, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public Tensor getTensor(String attribute) {
        Attribute a = get(attribute, OnnxProto.ATTR_TENSOR, "a tensor");
        return a == null ? null : TensorCodec.decode(a.t, null, where + " attribute '" + attribute + "'");
    }

    @Override
    public Graph requireGraph(String attribute) {
        Attribute a = get(attribute, OnnxProto.ATTR_GRAPH, "a graph");
        if (a == null) {
            throw invalid("required graph attribute '" + attribute + "' is missing");
        }
        return importer.importSubgraph(a.g, where + "." + attribute, visibleNames);
    }

    @Override
    public ShapeException invalid(String message) {
        return new ShapeException(message);
    }

    /** Attribute values for display: numbers, strings, arrays; tensors and graphs summarised. */
    Map<String, Object> displayAttributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Attribute a : attrs.values()) {
            switch (a.type != 0 ? a.type : guessType(a)) {
                case OnnxProto.ATTR_FLOAT: m.put(a.name, a.f); break;
                case OnnxProto.ATTR_INT: m.put(a.name, a.i); break;
                case OnnxProto.ATTR_STRING: m.put(a.name, new String(a.s, StandardCharsets.UTF_8)); break;
                case OnnxProto.ATTR_FLOATS: m.put(a.name, a.floats.clone()); break;
                case OnnxProto.ATTR_INTS: m.put(a.name, a.ints.clone()); break;
                case OnnxProto.ATTR_TENSOR: m.put(a.name, "tensor" + Arrays.toString(a.t.dims)); break;
                case OnnxProto.ATTR_GRAPH: m.put(a.name, "graph '" + a.g.name + "' (" + a.g.nodes.size() + " nodes)"); break;
                default: m.put(a.name, "(type " + a.type + ")");
            }
        }
        return m;
    }
}
