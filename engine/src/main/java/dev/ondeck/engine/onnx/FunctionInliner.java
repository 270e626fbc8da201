package dev.ondeck.engine.onnx;

import dev.ondeck.engine.ModelFormatException;
import dev.ondeck.engine.onnx.OnnxProto.Attribute;
import dev.ondeck.engine.onnx.OnnxProto.Function;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands calls of model-local functions (ModelProto.functions) into their body nodes: formal inputs and
 * outputs renamed to the call's values, internal values prefixed with the call's node name, attribute
 * references ({@code ref_attr_name}) bound to the call's attributes or the function's defaults.
 */
final class FunctionInliner {
    private static final int MAX_DEPTH = 32;
    private final Map<String, Function> byKey = new HashMap<>();

    FunctionInliner(List<Function> functions) {
        for (Function f : functions) {
            byKey.put(OnnxImporter.normalizeDomain(f.domain) + "::" + f.name, f);
        }
    }

    List<OnnxProto.Node> expand(List<OnnxProto.Node> nodes, Map<String, Integer> opsets) {
        if (byKey.isEmpty()) {
            return nodes;
        }
        List<OnnxProto.Node> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            expandInto(nodes.get(i), out, 0, "call" + i);
        }
        return out;
    }

    private void expandInto(OnnxProto.Node call, List<OnnxProto.Node> out, int depth, String fallbackName) {
        Function f = byKey.get(OnnxImporter.normalizeDomain(call.domain) + "::" + call.opType);
        if (f == null) {
            out.add(call);
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new ModelFormatException("function " + f.name, "calls nest deeper than " + MAX_DEPTH + " (recursive function?)");
        }
        String prefix = (call.name.isEmpty() ? fallbackName : call.name) + "/";
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < f.inputs.size(); i++) {
            rename.put(f.inputs.get(i), i < call.inputs.size() ? call.inputs.get(i) : "");
        }
        for (int i = 0; i < f.outputs.size(); i++) {
            rename.put(f.outputs.get(i), i < call.outputs.size() ? call.outputs.get(i) : "");
        }
        Map<String, Attribute> bound = new HashMap<>();
        for (Attribute a : f.attributeDefaults) {
            bound.put(a.name, a);
        }
        for (Attribute a : call.attributes) {
            bound.put(a.name, a);
        }
        for (int k = 0; k < f.nodes.size(); k++) {
            OnnxProto.Node body = f.nodes.get(k);
            OnnxProto.Node n = new OnnxProto.Node();
            n.name = prefix + (body.name.isEmpty() ? body.opType + "_" + k : body.name);
            n.opType = body.opType;
            n.domain = body.domain;
            for (String in : body.inputs) {
                n.inputs.add(in.isEmpty() ? "" : rename.getOrDefault(in, prefix + in));
            }
            for (String o : body.outputs) {
                n.outputs.add(o.isEmpty() ? "" : rename.getOrDefault(o, prefix + o));
            }
            for (Attribute a : body.attributes) {
                if (a.refAttrName.isEmpty()) {
                    n.attributes.add(a);
                } else if (bound.containsKey(a.refAttrName)) {
                    Attribute src = bound.get(a.refAttrName);
                    Attribute copy = copyWithName(src, a.name);
                    n.attributes.add(copy);
                }
            }
            expandInto(n, out, depth + 1, n.name);
        }
    }

    private static Attribute copyWithName(Attribute src, String name) {
        Attribute a = new Attribute();
        a.name = name;
        a.type = src.type;
        a.f = src.f;
        a.i = src.i;
        a.s = src.s;
        a.t = src.t;
        a.g = src.g;
        a.floats = src.floats;
        a.ints = src.ints;
        a.strings.addAll(src.strings);
        a.tensors.addAll(src.tensors);
        a.graphs.addAll(src.graphs);
        a.tp = src.tp;
        return a;
    }
}
