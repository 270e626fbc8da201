package dev.ondeck.engine;

import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.onnx.OnnxDecoder;
import dev.ondeck.engine.onnx.OnnxImporter;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.ops.OpRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded ONNX model: its typed graph, ready to open sessions on.
 *
 * <pre>{@code
 * try (var m = Model.load(path); var s = m.newSession("cpu-ref")) {
 *     var out = s.run(Map.of("input", Tensor.fromNpy(p)));
 * }
 * }</pre>
 */
public final class Model implements AutoCloseable {
    private final Graph graph;
    private final OnnxProto.Model proto;
    private final Path path;

    private Model(Graph graph, OnnxProto.Model proto, Path path) {
        this.graph = graph;
        this.proto = proto;
        this.path = path;
    }

    /** Loads an ONNX file; external data is read from the file's folder. */
    public static Model load(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "model file not found");
        }
        Path dir = path.toAbsolutePath().getParent();
        return fromBytes(bytes, dir, path);
    }

    /** Loads a model from bytes; external data, if any, is resolved against {@code baseDir} (may be null). */
    public static Model fromBytes(byte[] bytes, Path baseDir) {
        return fromBytes(bytes, baseDir, null);
    }

    private static Model fromBytes(byte[] bytes, Path baseDir, Path path) {
        OnnxProto.Model proto = OnnxDecoder.decodeModel(bytes);
        Graph g = OnnxImporter.importModel(proto, baseDir, OpRegistry.standard());
        return new Model(g, proto, path);
    }

    /** The model's main graph. */
    public Graph graph() {
        return graph;
    }

    /** The file it came from, or null. */
    public Path path() {
        return path;
    }

    public List<ValueInfo> inputs() {
        return graph.inputs();
    }

    public List<ValueInfo> outputs() {
        return graph.outputs();
    }

    /** Opset versions imported, by domain ("" is the default ONNX domain). */
    public Map<String, Integer> opsets() {
        return OnnxImporter.opsets(proto);
    }

    public long irVersion() {
        return proto.irVersion;
    }

    public String producer() {
        return (proto.producerName + " " + proto.producerVersion).trim();
    }

    /** The main graph's nodes in execution order. */
    public List<Node> nodes() {
        return graph.nodes();
    }

    /** Opens a session on the named backend (e.g. {@code cpu-ref}). */
    public Session newSession(String backend) {
        return new Session(this, SessionOptions.builder().backend(backend).build());
    }

    /** Opens a session on the default backend ({@link dev.ondeck.engine.backend.Backends#defaultName()}). */
    public Session newSession() {
        return new Session(this, SessionOptions.builder().build());
    }

    public Session newSession(SessionOptions options) {
        return new Session(this, options);
    }

    @Override
    public void close() {
    }
}
