package dev.ondeck.engine.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain mirrors of the ONNX protobuf messages the engine reads and writes (onnx.proto field numbers in
 * comments). Decoded by {@link OnnxDecoder}, encoded by {@link OnnxEncoder}; the importer turns them into
 * the typed graph.
 */
public final class OnnxProto {
    private OnnxProto() {
    }

    /** ModelProto. */
    public static final class Model {
        public long irVersion;                                   // 1
        public final List<OpsetId> opsetImports = new ArrayList<>(); // 8
        public String producerName = "";                         // 2
        public String producerVersion = "";                      // 3
        public String domain = "";                               // 4
        public long modelVersion;                                // 5
        public String docString = "";                            // 6
        public Graph graph;                                      // 7
        public final Map<String, String> metadata = new LinkedHashMap<>(); // 14
        public final List<Function> functions = new ArrayList<>(); // 25
    }

    /** OperatorSetIdProto. */
    public static final class OpsetId {
        public String domain = "";   // 1
        public long version;         // 2

        public OpsetId() {
        }

        public OpsetId(String domain, long version) {
            this.domain = domain;
            this.version = version;
        }
    }

    /** FunctionProto (model-local functions). */
    public static final class Function {
        public String name = "";                                 // 1
        public final List<String> inputs = new ArrayList<>();    // 4
        public final List<String> outputs = new ArrayList<>();   // 5
        public final List<String> attributes = new ArrayList<>(); // 6
        public final List<Attribute> attributeDefaults = new ArrayList<>(); // 11
        public final List<Node> nodes = new ArrayList<>();       // 7
        public final List<OpsetId> opsetImports = new ArrayList<>(); // 9
        public String domain = "";                               // 10
    }

    /** GraphProto. */
    public static final class Graph {
        public String name = "";                                     // 2
        public final List<Node> nodes = new ArrayList<>();           // 1
        public final List<TensorData> initializers = new ArrayList<>(); // 5
        public final List<ValueInfo> inputs = new ArrayList<>();     // 11
        public final List<ValueInfo> outputs = new ArrayList<>();    // 12
        public final List<ValueInfo> valueInfo = new ArrayList<>();  // 13
        public String docString = "";                                // 10
        public int sparseInitializers;                               // 15 (counted, refused)
    }

    /** NodeProto. */
    public static final class Node {
        public final List<String> inputs = new ArrayList<>();    // 1
        public final List<String> outputs = new ArrayList<>();   // 2
        public String name = "";                                 // 3
        public String opType = "";                               // 4
        public String domain = "";                               // 7
        public final List<Attribute> attributes = new ArrayList<>(); // 5
        public String docString = "";                            // 6
    }

    /** AttributeProto.AttributeType codes. */
    public static final int ATTR_FLOAT = 1;
    public static final int ATTR_INT = 2;
    public static final int ATTR_STRING = 3;
    public static final int ATTR_TENSOR = 4;
    public static final int ATTR_GRAPH = 5;
    public static final int ATTR_FLOATS = 6;
    public static final int ATTR_INTS = 7;
    public static final int ATTR_STRINGS = 8;
    public static final int ATTR_TENSORS = 9;
    public static final int ATTR_GRAPHS = 10;
    public static final int ATTR_SPARSE_TENSOR = 11;
    public static final int ATTR_TYPE_PROTO = 13;

    /** AttributeProto. */
    public static final class Attribute {
        public String name = "";          // 1
        public String refAttrName = "";   // 21
        public int type;                  // 20
        public float f;                   // 2
        public long i;                    // 3
        public byte[] s;                  // 4
        public TensorData t;              // 5
        public Graph g;                   // 6
        public float[] floats = new float[0];   // 7
        public long[] ints = new long[0];       // 8
        public final List<byte[]> strings = new ArrayList<>();   // 9
        public final List<TensorData> tensors = new ArrayList<>(); // 10
        public final List<Graph> graphs = new ArrayList<>();     // 11
        public TypeInfo tp;               // 14
    }

    /** ValueInfoProto. */
    public static final class ValueInfo {
        public String name = "";      // 1
        public TypeInfo type;         // 2
        public String docString = ""; // 3

        public ValueInfo() {
        }

        public ValueInfo(String name, TypeInfo type) {
            this.name = name;
            this.type = type;
        }
    }

    /**
     * TypeProto, reduced to what the engine needs: tensor element type and shape, or the kind of a
     * non-tensor type (sequence, map, optional, sparse) so it can be refused by name.
     */
    public static final class TypeInfo {
        /** "tensor", "sequence", "map", "optional", "sparse_tensor" or "unknown". */
        public String kind = "unknown";
        public int elemType;                  // Tensor.elem_type (1)
        /** Null when the shape is absent (unknown rank). */
        public List<Dim> shape;               // Tensor.shape (2)
    }

    /** TensorShapeProto.Dimension: a value, a symbolic name, or unknown. */
    public static final class Dim {
        public long value = -1;   // 1
        public String param;      // 2

        public Dim() {
        }

        public Dim(long value, String param) {
            this.value = value;
            this.param = param;
        }
    }

    /** TensorProto: the declared dims and element type with the payload as found (not yet decoded). */
    public static final class TensorData {
        public long[] dims = new long[0];           // 1
        public int dataType;                        // 2
        public String name = "";                    // 8
        public byte[] rawData;                      // 9
        public float[] floatData = new float[0];    // 4
        public long[] int32Data = new long[0];      // 5 (also holds int8/16, uint8/16, bool, float16 bits)
        public long[] int64Data = new long[0];      // 7
        public double[] doubleData = new double[0]; // 10
        public long[] uint64Data = new long[0];     // 11 (also uint32)
        public int stringCount;                     // 6 (counted, strings are refused)
        public final Map<String, String> externalData = new LinkedHashMap<>(); // 13
        public int dataLocation;                    // 14 (1 = EXTERNAL)
        public boolean hasSegment;                  // 3
    }
}
