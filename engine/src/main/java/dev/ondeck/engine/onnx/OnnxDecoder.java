package dev.ondeck.engine.onnx;

import dev.ondeck.engine.ModelFormatException;
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
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Decodes ONNX protobuf bytes into {@link OnnxProto} mirrors. Hand-written rather than generated so that
 * every failure names the field path (e.g. {@code ModelProto.graph.node[12].attribute[0].t.dims}) and the
 * expected vs found wire type, every length is checked before allocation, and the portable core needs no
 * protobuf runtime on Android. Unknown fields are skipped, as protobuf requires.
 */
public final class OnnxDecoder {
    private static final int MAX_DEPTH = 64;

    private OnnxDecoder() {
    }

    /** Decodes a serialized ModelProto. */
    public static Model decodeModel(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ModelFormatException("ModelProto", "empty file");
        }
        ProtoReader r = new ProtoReader(bytes, 0, bytes.length, "ModelProto");
        Model m = new Model();
        while (r.hasMore()) {
            int tag = r.readTag();
            int f = tag >>> 3;
            switch (f) {
                case 1: m.irVersion = varint(r, tag, "ModelProto.ir_version"); break;
                case 2: m.producerName = string(r, tag, "ModelProto.producer_name"); break;
                case 3: m.producerVersion = string(r, tag, "ModelProto.producer_version"); break;
                case 4: m.domain = string(r, tag, "ModelProto.domain"); break;
                case 5: m.modelVersion = varint(r, tag, "ModelProto.model_version"); break;
                case 6: m.docString = string(r, tag, "ModelProto.doc_string"); break;
                case 7: m.graph = graph(message(r, tag, "ModelProto.graph"), 0); break;
                case 8: m.opsetImports.add(opset(message(r, tag, "ModelProto.opset_import[" + m.opsetImports.size() + "]"))); break;
                case 14: metadata(message(r, tag, "ModelProto.metadata_props"), m); break;
                case 25: m.functions.add(function(message(r, tag, "ModelProto.functions[" + m.functions.size() + "]"))); break;
                default: r.skip(tag & 7, "ModelProto field " + f);
            }
        }
        if (m.graph == null) {
            throw new ModelFormatException("ModelProto.graph", "missing (not an ONNX model, or truncated)");
        }
        return m;
    }

    /** Decodes a serialized TensorProto (as in ONNX backend test data {@code input_0.pb}). */
    public static TensorData decodeTensor(byte[] bytes, String path) {
        return tensor(new ProtoReader(bytes, 0, bytes.length, path));
    }

    private static long varint(ProtoReader r, int tag, String field) {
        ProtoReader.expect(tag, ProtoReader.VARINT, field);
        return r.readVarint(field);
    }

    private static String string(ProtoReader r, int tag, String field) {
        ProtoReader.expect(tag, ProtoReader.LEN, field);
        return r.readString(field);
    }

    private static ProtoReader message(ProtoReader r, int tag, String field) {
        ProtoReader.expect(tag, ProtoReader.LEN, field);
        return r.readMessage(field);
    }

    private static OpsetId opset(ProtoReader r) {
        OpsetId o = new OpsetId();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: o.domain = string(r, tag, r.path() + ".domain"); break;
                case 2: o.version = varint(r, tag, r.path() + ".version"); break;
                default: r.skip(tag & 7, r.path());
            }
        }
        return o;
    }

    private static void metadata(ProtoReader r, Model m) {
        String key = "";
        String value = "";
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: key = string(r, tag, r.path() + ".key"); break;
                case 2: value = string(r, tag, r.path() + ".value"); break;
                default: r.skip(tag & 7, r.path());
            }
        }
        m.metadata.put(key, value);
    }

    private static Function function(ProtoReader r) {
        Function fn = new Function();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: fn.name = string(r, tag, p + ".name"); break;
                case 4: fn.inputs.add(string(r, tag, p + ".input")); break;
                case 5: fn.outputs.add(string(r, tag, p + ".output")); break;
                case 6: fn.attributes.add(string(r, tag, p + ".attribute")); break;
                case 7: fn.nodes.add(node(message(r, tag, p + ".node[" + fn.nodes.size() + "]"), 1)); break;
                case 9: fn.opsetImports.add(opset(message(r, tag, p + ".opset_import"))); break;
                case 10: fn.domain = string(r, tag, p + ".domain"); break;
                case 11: fn.attributeDefaults.add(attribute(message(r, tag, p + ".attribute_proto"), 1)); break;
                default: r.skip(tag & 7, p);
            }
        }
        return fn;
    }

    private static Graph graph(ProtoReader r, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ModelFormatException(r.path(), "subgraphs nested deeper than " + MAX_DEPTH);
        }
        Graph g = new Graph();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: g.nodes.add(node(message(r, tag, p + ".node[" + g.nodes.size() + "]"), depth)); break;
                case 2: g.name = string(r, tag, p + ".name"); break;
                case 5: g.initializers.add(tensor(message(r, tag, p + ".initializer[" + g.initializers.size() + "]"))); break;
                case 10: g.docString = string(r, tag, p + ".doc_string"); break;
                case 11: g.inputs.add(valueInfo(message(r, tag, p + ".input[" + g.inputs.size() + "]"))); break;
                case 12: g.outputs.add(valueInfo(message(r, tag, p + ".output[" + g.outputs.size() + "]"))); break;
                case 13: g.valueInfo.add(valueInfo(message(r, tag, p + ".value_info[" + g.valueInfo.size() + "]"))); break;
                case 15: message(r, tag, p + ".sparse_initializer"); g.sparseInitializers++; break;
                default: r.skip(tag & 7, p);
            }
        }
        return g;
    }

    private static Node node(ProtoReader r, int depth) {
        Node n = new Node();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: n.inputs.add(string(r, tag, p + ".input")); break;
                case 2: n.outputs.add(string(r, tag, p + ".output")); break;
                case 3: n.name = string(r, tag, p + ".name"); break;
                case 4: n.opType = string(r, tag, p + ".op_type"); break;
                case 5: n.attributes.add(attribute(message(r, tag, p + ".attribute[" + n.attributes.size() + "]"), depth)); break;
                case 6: n.docString = string(r, tag, p + ".doc_string"); break;
                case 7: n.domain = string(r, tag, p + ".domain"); break;
                default: r.skip(tag & 7, p);
            }
        }
        return n;
    }

    private static Attribute attribute(ProtoReader r, int depth) {
        Attribute a = new Attribute();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: a.name = string(r, tag, p + ".name"); break;
                case 2: ProtoReader.expect(tag, ProtoReader.FIXED32, p + ".f");
                    a.f = Float.intBitsToFloat(r.readFixed32(p + ".f")); break;
                case 3: a.i = varint(r, tag, p + ".i"); break;
                case 4: ProtoReader.expect(tag, ProtoReader.LEN, p + ".s"); a.s = r.readBytes(p + ".s"); break;
                case 5: a.t = tensor(message(r, tag, p + ".t")); break;
                case 6: a.g = graph(message(r, tag, p + ".g"), depth + 1); break;
                case 7: a.floats = floats(r, tag, p + ".floats", a.floats); break;
                case 8: a.ints = longs(r, tag, p + ".ints", a.ints); break;
                case 9: ProtoReader.expect(tag, ProtoReader.LEN, p + ".strings"); a.strings.add(r.readBytes(p + ".strings")); break;
                case 10: a.tensors.add(tensor(message(r, tag, p + ".tensors[" + a.tensors.size() + "]"))); break;
                case 11: a.graphs.add(graph(message(r, tag, p + ".graphs[" + a.graphs.size() + "]"), depth + 1)); break;
                case 14: a.tp = typeInfo(message(r, tag, p + ".tp")); break;
                case 20: a.type = (int) varint(r, tag, p + ".type"); break;
                case 21: a.refAttrName = string(r, tag, p + ".ref_attr_name"); break;
                default: r.skip(tag & 7, p);
            }
        }
        return a;
    }

    private static ValueInfo valueInfo(ProtoReader r) {
        ValueInfo v = new ValueInfo();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: v.name = string(r, tag, p + ".name"); break;
                case 2: v.type = typeInfo(message(r, tag, p + ".type")); break;
                case 3: v.docString = string(r, tag, p + ".doc_string"); break;
                default: r.skip(tag & 7, p);
            }
        }
        return v;
    }

    private static TypeInfo typeInfo(ProtoReader r) {
        TypeInfo t = new TypeInfo();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: t.kind = "tensor"; tensorType(message(r, tag, p + ".tensor_type"), t); break;
                case 4: t.kind = "sequence"; r.skip(tag & 7, p); break;
                case 5: t.kind = "map"; r.skip(tag & 7, p); break;
                case 8: t.kind = "sparse_tensor"; r.skip(tag & 7, p); break;
                case 9: t.kind = "optional"; r.skip(tag & 7, p); break;
                default: r.skip(tag & 7, p);
            }
        }
        return t;
    }

    private static void tensorType(ProtoReader r, TypeInfo t) {
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: t.elemType = (int) varint(r, tag, p + ".elem_type"); break;
                case 2: t.shape = shape(message(r, tag, p + ".shape")); break;
                default: r.skip(tag & 7, p);
            }
        }
    }

    private static ArrayList<Dim> shape(ProtoReader r) {
        ArrayList<Dim> dims = new ArrayList<>();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 1) {
                ProtoReader d = message(r, tag, p + ".dim[" + dims.size() + "]");
                Dim dim = new Dim();
                while (d.hasMore()) {
                    int dt = d.readTag();
                    switch (dt >>> 3) {
                        case 1: dim.value = varint(d, dt, d.path() + ".dim_value"); break;
                        case 2: dim.param = string(d, dt, d.path() + ".dim_param"); break;
                        default: d.skip(dt & 7, d.path());
                    }
                }
                dims.add(dim);
            } else {
                r.skip(tag & 7, p);
            }
        }
        return dims;
    }

    private static TensorData tensor(ProtoReader r) {
        TensorData t = new TensorData();
        String p = r.path();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: t.dims = longs(r, tag, p + ".dims", t.dims); break;
                case 2: t.dataType = (int) varint(r, tag, p + ".data_type"); break;
                case 3: t.hasSegment = true; r.skip(tag & 7, p); break;
                case 4: t.floatData = floats(r, tag, p + ".float_data", t.floatData); break;
                case 5: t.int32Data = longs(r, tag, p + ".int32_data", t.int32Data); break;
                case 6: t.stringCount++; r.skip(tag & 7, p); break;
                case 7: t.int64Data = longs(r, tag, p + ".int64_data", t.int64Data); break;
                case 8: t.name = string(r, tag, p + ".name"); break;
                case 9: ProtoReader.expect(tag, ProtoReader.LEN, p + ".raw_data"); t.rawData = r.readBytes(p + ".raw_data"); break;
                case 10: t.doubleData = doubles(r, tag, p + ".double_data", t.doubleData); break;
                case 11: t.uint64Data = longs(r, tag, p + ".uint64_data", t.uint64Data); break;
                case 12: string(r, tag, p + ".doc_string"); break;
                case 13: externalEntry(message(r, tag, p + ".external_data"), t); break;
                case 14: t.dataLocation = (int) varint(r, tag, p + ".data_location"); break;
                default: r.skip(tag & 7, p);
            }
        }
        return t;
    }

    private static void externalEntry(ProtoReader r, TensorData t) {
        String key = "";
        String value = "";
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1: key = string(r, tag, r.path() + ".key"); break;
                case 2: value = string(r, tag, r.path() + ".value"); break;
                default: r.skip(tag & 7, r.path());
            }
        }
        t.externalData.put(key, value);
    }

    /** Repeated varint field, packed or not, appended to {@code prev}. */
    private static long[] longs(ProtoReader r, int tag, String field, long[] prev) {
        if ((tag & 7) == ProtoReader.VARINT) {
            long[] out = Arrays.copyOf(prev, prev.length + 1);
            out[prev.length] = r.readVarint(field);
            return out;
        }
        ProtoReader.expect(tag, ProtoReader.LEN, field);
        ProtoReader packed = r.readMessage(field);
        long[] buf = new long[8];
        int n = 0;
        while (packed.hasMore()) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = packed.readVarint(field);
        }
        long[] out = Arrays.copyOf(prev, prev.length + n);
        System.arraycopy(buf, 0, out, prev.length, n);
        return out;
    }

    private static float[] floats(ProtoReader r, int tag, String field, float[] prev) {
        if ((tag & 7) == ProtoReader.FIXED32) {
            float[] out = Arrays.copyOf(prev, prev.length + 1);
            out[prev.length] = Float.intBitsToFloat(r.readFixed32(field));
            return out;
        }
        ProtoReader.expect(tag, ProtoReader.LEN, field);
        int len = r.readLength(field);
        if (len % 4 != 0) {
            throw new ModelFormatException(field, "packed float length " + len + " is not a multiple of 4");
        }
        ProtoReader packed = r.readMessageOfLength(len, field);
        float[] out = Arrays.copyOf(prev, prev.length + len / 4);
        for (int i = prev.length; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(packed.readFixed32(field));
        }
        return out;
    }

    private static double[] doubles(ProtoReader r, int tag, String field, double[] prev) {
        if ((tag & 7) == ProtoReader.FIXED64) {
            double[] out = Arrays.copyOf(prev, prev.length + 1);
            out[prev.length] = Double.longBitsToDouble(r.readFixed64(field));
            return out;
        }
        ProtoReader.expect(tag, ProtoReader.LEN, field);
        int len = r.readLength(field);
        if (len % 8 != 0) {
            throw new ModelFormatException(field, "packed double length " + len + " is not a multiple of 8");
        }
        ProtoReader packed = r.readMessageOfLength(len, field);
        double[] out = Arrays.copyOf(prev, prev.length + len / 8);
        for (int i = prev.length; i < out.length; i++) {
            out[i] = Double.longBitsToDouble(packed.readFixed64(field));
        }
        return out;
    }
}
