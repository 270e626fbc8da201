package dev.ondeck.engine;

import dev.ondeck.engine.onnx.OnnxEncoder;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.onnx.TensorCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * Builds ONNX models in code, as ONNX Runtime's tests do: tiny models for tests and generated networks,
 * without binary blobs in the repository.
 *
 * <pre>{@code
 * Model m = ModelBuilder.create().opset(13)
 *     .input("x", DType.FLOAT, "batch", 4)
 *     .initializer("w", Tensor.of(new float[12], 4, 3))
 *     .node("MatMul", n -> n.inputs("x", "w").outputs("y"))
 *     .node("Softmax", n -> n.inputs("y").outputs("p").attr("axis", -1))
 *     .output("p", DType.FLOAT, "batch", 3)
 *     .build();
 * }</pre>
 *
 * Dims are given as {@code Integer}/{@code Long} (fixed), {@code String} (symbolic, e.g. "batch") or
 * {@code null} (unknown). No dims means a scalar.
 */
public final class ModelBuilder {
    private final OnnxProto.Model model = new OnnxProto.Model();
    private final GraphBuilder graph = new GraphBuilder("main");

    private ModelBuilder() {
        model.irVersion = 8;
        model.producerName = "ondeck.ModelBuilder";
    }

    /** A builder with IR version 8 and no opset imports yet (the default domain gets opset 13 if none is set). */
    public static ModelBuilder create() {
        return new ModelBuilder();
    }

    /** Imports the default ONNX domain at {@code version}. */
    public ModelBuilder opset(int version) {
        return opset("", version);
    }

    /** Imports a domain ("" for the default ONNX domain) at {@code version}. */
    public ModelBuilder opset(String domain, int version) {
        model.opsetImports.removeIf(o -> o.domain.equals(domain));
        model.opsetImports.add(new OnnxProto.OpsetId(domain, version));
        return this;
    }

    public ModelBuilder irVersion(long version) {
        model.irVersion = version;
        return this;
    }

    public ModelBuilder producer(String name, String version) {
        model.producerName = name;
        model.producerVersion = version;
        return this;
    }

    public ModelBuilder docString(String doc) {
        model.docString = doc;
        return this;
    }

    public ModelBuilder metadata(String key, String value) {
        model.metadata.put(key, value);
        return this;
    }

    public ModelBuilder graphName(String name) {
        graph.proto.name = name;
        return this;
    }

    /** Declares a graph input; dims as in the class comment. */
    public ModelBuilder input(String name, DType dtype, Object... dims) {
        graph.input(name, dtype, dims);
        return this;
    }

    /** Declares a graph input of known dtype and unknown rank. */
    public ModelBuilder inputOfUnknownRank(String name, DType dtype) {
        graph.proto.inputs.add(new OnnxProto.ValueInfo(name, tensorType(dtype, null)));
        return this;
    }

    /** Declares a graph output with its type. */
    public ModelBuilder output(String name, DType dtype, Object... dims) {
        graph.output(name, dtype, dims);
        return this;
    }

    /** Declares a graph output without a type. */
    public ModelBuilder output(String name) {
        graph.output(name);
        return this;
    }

    /** Declares the type of an intermediate value (ValueInfoProto in value_info). */
    public ModelBuilder valueInfo(String name, DType dtype, Object... dims) {
        graph.valueInfo(name, dtype, dims);
        return this;
    }

    /** Adds a constant (stored as raw_data). */
    public ModelBuilder initializer(String name, Tensor value) {
        graph.initializer(name, value);
        return this;
    }

    /** Adds a node configured by {@code spec} (inputs, outputs, name, domain, attributes). */
    public ModelBuilder node(String opType, Consumer<NodeBuilder> spec) {
        graph.node(opType, spec);
        return this;
    }

    /** The main graph, for callers that build it in steps. */
    public GraphBuilder graph() {
        return graph;
    }

    /** The ModelProto mirror as built so far (live: edits show in {@link #toBytes()}); for malformed-model tests. */
    public OnnxProto.Model toProto() {
        if (model.opsetImports.stream().noneMatch(o -> o.domain.isEmpty() || o.domain.equals("ai.onnx"))) {
            model.opsetImports.add(0, new OnnxProto.OpsetId("", 13));
        }
        model.graph = graph.proto;
        return model;
    }

    /** The model as ONNX protobuf bytes. */
    public byte[] toBytes() {
        return OnnxEncoder.encodeModel(toProto());
    }

    /** Writes the model to an {@code .onnx} file, creating parent folders. */
    public Path save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, toBytes());
        return file;
    }

    /** Loads the built model (through the same decoder and importer as a file). */
    public Model build() {
        return Model.fromBytes(toBytes(), null);
    }

    static OnnxProto.TypeInfo tensorType(DType dtype, Object[] dims) {
        OnnxProto.TypeInfo t = new OnnxProto.TypeInfo();
        t.kind = "tensor";
        t.elemType = dtype.onnxCode();
        if (dims != null) {
            t.shape = new ArrayList<>();
            for (Object d : dims) {
                if (d == null) {
                    t.shape.add(new OnnxProto.Dim());
                } else if (d instanceof String) {
                    t.shape.add(new OnnxProto.Dim(-1, (String) d));
                } else if (d instanceof Integer || d instanceof Long) {
                    t.shape.add(new OnnxProto.Dim(((Number) d).longValue(), null));
                } else {
                    throw new IllegalArgumentException("dim " + d + " (" + d.getClass().getSimpleName()
                            + "): expected Integer, Long, String (symbolic) or null (unknown)");
                }
            }
        }
        return t;
    }

    /** A graph: the main graph or a subgraph given as a graph attribute (If branches, Loop bodies). */
    public static final class GraphBuilder {
        final OnnxProto.Graph proto = new OnnxProto.Graph();

        /** A graph named {@code name}; subgraphs are passed to {@link NodeBuilder#attr(String, GraphBuilder)}. */
        public GraphBuilder(String name) {
            proto.name = name;
        }

        public GraphBuilder input(String name, DType dtype, Object... dims) {
            proto.inputs.add(new OnnxProto.ValueInfo(name, tensorType(dtype, dims)));
            return this;
        }

        public GraphBuilder output(String name, DType dtype, Object... dims) {
            proto.outputs.add(new OnnxProto.ValueInfo(name, tensorType(dtype, dims)));
            return this;
        }

        public GraphBuilder output(String name) {
            proto.outputs.add(new OnnxProto.ValueInfo(name, null));
            return this;
        }

        public GraphBuilder valueInfo(String name, DType dtype, Object... dims) {
            proto.valueInfo.add(new OnnxProto.ValueInfo(name, tensorType(dtype, dims)));
            return this;
        }

        public GraphBuilder initializer(String name, Tensor value) {
            proto.initializers.add(TensorCodec.encode(value, name));
            return this;
        }

        public GraphBuilder node(String opType, Consumer<NodeBuilder> spec) {
            NodeBuilder n = new NodeBuilder(opType);
            spec.accept(n);
            proto.nodes.add(n.proto);
            return this;
        }
    }

    /** One node: its inputs ("" for an absent optional input), outputs, name, domain and attributes. */
    public static final class NodeBuilder {
        final OnnxProto.Node proto = new OnnxProto.Node();

        NodeBuilder(String opType) {
            proto.opType = opType;
        }

        public NodeBuilder name(String name) {
            proto.name = name;
            return this;
        }

        public NodeBuilder domain(String domain) {
            proto.domain = domain;
            return this;
        }

        public NodeBuilder inputs(String... names) {
            proto.inputs.addAll(java.util.Arrays.asList(names));
            return this;
        }

        public NodeBuilder outputs(String... names) {
            proto.outputs.addAll(java.util.Arrays.asList(names));
            return this;
        }

        public NodeBuilder attr(String name, long value) {
            add(name, OnnxProto.ATTR_INT).i = value;
            return this;
        }

        public NodeBuilder attr(String name, float value) {
            add(name, OnnxProto.ATTR_FLOAT).f = value;
            return this;
        }

        public NodeBuilder attr(String name, String value) {
            add(name, OnnxProto.ATTR_STRING).s = value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public NodeBuilder attr(String name, Tensor value) {
            add(name, OnnxProto.ATTR_TENSOR).t = TensorCodec.encode(value, "");
            return this;
        }

        public NodeBuilder attr(String name, GraphBuilder value) {
            add(name, OnnxProto.ATTR_GRAPH).g = value.proto;
            return this;
        }

        public NodeBuilder ints(String name, long... values) {
            add(name, OnnxProto.ATTR_INTS).ints = values.clone();
            return this;
        }

        public NodeBuilder floats(String name, float... values) {
            add(name, OnnxProto.ATTR_FLOATS).floats = values.clone();
            return this;
        }

        public NodeBuilder strings(String name, String... values) {
            OnnxProto.Attribute a = add(name, OnnxProto.ATTR_STRINGS);
            for (String v : values) {
                a.strings.add(v.getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        private OnnxProto.Attribute add(String name, int type) {
            proto.attributes.removeIf(a -> a.name.equals(name));
            OnnxProto.Attribute a = new OnnxProto.Attribute();
            a.name = name;
            a.type = type;
            proto.attributes.add(a);
            return a;
        }
    }
}
