package dev.ondeck.engine.onnx;

import dev.ondeck.engine.onnx.OnnxProto.Attribute;
import dev.ondeck.engine.onnx.OnnxProto.Dim;
import dev.ondeck.engine.onnx.OnnxProto.Function;
import dev.ondeck.engine.onnx.OnnxProto.Graph;
import dev.ondeck.engine.onnx.OnnxProto.Model;
import dev.ondeck.engine.onnx.OnnxProto.Node;
import dev.ondeck.engine.onnx.OnnxProto.OpsetId;
import dev.ondeck.engine.onnx.OnnxProto.TensorData;
import dev.ondeck.engine.onnx.OnnxProto.TypeInfo;
import dev.ondeck.engine.onnx.OnnxProto.ValueInfo;
import java.util.Map;

/**
 * Encodes {@link OnnxProto} mirrors as ONNX protobuf bytes (the field numbers of onnx.proto, as read by
 * {@link OnnxDecoder}). Repeated numbers are written packed, which every protobuf parser accepts. Fields
 * the mirrors count but do not keep (string_data, sparse initializers, segments) are not written.
 */
public final class OnnxEncoder {
    private OnnxEncoder() {
    }

    /** Serializes a ModelProto. */
    public static byte[] encodeModel(Model m) {
        ProtoWriter w = new ProtoWriter();
        w.int64(1, m.irVersion);
        nonEmpty(w, 2, m.producerName);
        nonEmpty(w, 3, m.producerVersion);
        nonEmpty(w, 4, m.domain);
        if (m.modelVersion != 0) {
            w.int64(5, m.modelVersion);
        }
        nonEmpty(w, 6, m.docString);
        if (m.graph != null) {
            w.message(7, graph(m.graph));
        }
        for (OpsetId o : m.opsetImports) {
            w.message(8, opset(o));
        }
        entries(w, 14, m.metadata);
        for (Function f : m.functions) {
            w.message(25, function(f));
        }
        return w.toByteArray();
    }

    /** Serializes a TensorProto (the layout of backend test data {@code input_0.pb}). */
    public static byte[] encodeTensor(TensorData t) {
        return tensor(t).toByteArray();
    }

    private static void nonEmpty(ProtoWriter w, int field, String s) {
        if (s != null && !s.isEmpty()) {
            w.string(field, s);
        }
    }

    private static void entries(ProtoWriter w, int field, Map<String, String> map) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            ProtoWriter kv = new ProtoWriter();
            kv.string(1, e.getKey());
            kv.string(2, e.getValue());
            w.message(field, kv);
        }
    }

    private static ProtoWriter opset(OpsetId o) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, o.domain);
        w.int64(2, o.version);
        return w;
    }

    private static ProtoWriter function(Function f) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, f.name);
        for (String s : f.inputs) {
            w.string(4, s);
        }
        for (String s : f.outputs) {
            w.string(5, s);
        }
        for (String s : f.attributes) {
            w.string(6, s);
        }
        for (Node n : f.nodes) {
            w.message(7, node(n));
        }
        for (OpsetId o : f.opsetImports) {
            w.message(9, opset(o));
        }
        nonEmpty(w, 10, f.domain);
        for (Attribute a : f.attributeDefaults) {
            w.message(11, attribute(a));
        }
        return w;
    }

    private static ProtoWriter graph(Graph g) {
        ProtoWriter w = new ProtoWriter();
        for (Node n : g.nodes) {
            w.message(1, node(n));
        }
        nonEmpty(w, 2, g.name);
        for (TensorData t : g.initializers) {
            w.message(5, tensor(t));
        }
        nonEmpty(w, 10, g.docString);
        for (ValueInfo v : g.inputs) {
            w.message(11, valueInfo(v));
        }
        for (ValueInfo v : g.outputs) {
            w.message(12, valueInfo(v));
        }
        for (ValueInfo v : g.valueInfo) {
            w.message(13, valueInfo(v));
        }
        return w;
    }

    private static ProtoWriter node(Node n) {
        ProtoWriter w = new ProtoWriter();
        for (String s : n.inputs) {
            w.string(1, s);
        }
        for (String s : n.outputs) {
            w.string(2, s);
        }
        nonEmpty(w, 3, n.name);
        w.string(4, n.opType);
        for (Attribute a : n.attributes) {
            w.message(5, attribute(a));
        }
        nonEmpty(w, 6, n.docString);
        nonEmpty(w, 7, n.domain);
        return w;
    }

    private static ProtoWriter attribute(Attribute a) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, a.name);
        switch (a.type) {
            case OnnxProto.ATTR_FLOAT: w.float32(2, a.f); break;
            case OnnxProto.ATTR_INT: w.int64(3, a.i); break;
            case OnnxProto.ATTR_STRING: w.bytes(4, a.s); break;
            case OnnxProto.ATTR_TENSOR: w.message(5, tensor(a.t)); break;
            case OnnxProto.ATTR_GRAPH: w.message(6, graph(a.g)); break;
            case OnnxProto.ATTR_FLOATS: w.packedFloat(7, a.floats); break;
            case OnnxProto.ATTR_INTS: w.packedInt64(8, a.ints); break;
            case OnnxProto.ATTR_STRINGS: a.strings.forEach(s -> w.bytes(9, s)); break;
            case OnnxProto.ATTR_TENSORS: a.tensors.forEach(t -> w.message(10, tensor(t))); break;
            case OnnxProto.ATTR_GRAPHS: a.graphs.forEach(g -> w.message(11, graph(g))); break;
            case OnnxProto.ATTR_TYPE_PROTO: w.message(14, typeInfo(a.tp)); break;
            default: break;
        }
        if (a.type != 0) {
            w.int64(20, a.type);
        }
        nonEmpty(w, 21, a.refAttrName);
        return w;
    }

    private static ProtoWriter valueInfo(ValueInfo v) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, v.name);
        if (v.type != null) {
            w.message(2, typeInfo(v.type));
        }
        nonEmpty(w, 3, v.docString);
        return w;
    }

    /** TypeProto: a tensor type, or an empty message of a non-tensor kind (enough to be refused by name). */
    private static ProtoWriter typeInfo(TypeInfo t) {
        ProtoWriter w = new ProtoWriter();
        switch (t.kind) {
            case "tensor": {
                ProtoWriter tt = new ProtoWriter();
                tt.int64(1, t.elemType);
                if (t.shape != null) {
                    tt.message(2, shape(t));
                }
                w.message(1, tt);
                break;
            }
            case "sequence": w.message(4, new ProtoWriter()); break;
            case "map": w.message(5, new ProtoWriter()); break;
            case "sparse_tensor": w.message(8, new ProtoWriter()); break;
            case "optional": w.message(9, new ProtoWriter()); break;
            default: break;
        }
        return w;
    }

    private static ProtoWriter shape(TypeInfo t) {
        ProtoWriter s = new ProtoWriter();
        for (Dim d : t.shape) {
            ProtoWriter dw = new ProtoWriter();
            if (d.param != null) {
                dw.string(2, d.param);
            } else if (d.value >= 0) {
                dw.int64(1, d.value);
            }
            s.message(1, dw);
        }
        return s;
    }

    private static ProtoWriter tensor(TensorData t) {
        ProtoWriter w = new ProtoWriter();
        if (t.dims.length > 0) {
            w.packedInt64(1, t.dims);
        }
        w.int64(2, t.dataType);
        if (t.floatData.length > 0) {
            w.packedFloat(4, t.floatData);
        }
        if (t.int32Data.length > 0) {
            w.packedInt64(5, t.int32Data);
        }
        if (t.int64Data.length > 0) {
            w.packedInt64(7, t.int64Data);
        }
        nonEmpty(w, 8, t.name);
        if (t.rawData != null) {
            w.bytes(9, t.rawData);
        }
        if (t.doubleData.length > 0) {
            w.packedDouble(10, t.doubleData);
        }
        if (t.uint64Data.length > 0) {
            w.packedInt64(11, t.uint64Data);
        }
        entries(w, 13, t.externalData);
        if (t.dataLocation != 0) {
            w.int64(14, t.dataLocation);
        }
        return w;
    }
}
