package dev.ondeck.bench.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ondeck.engine.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * ONNX Runtime Java as the baseline of {@code ondeck bench --vs-ort}: one session with all graph
 * optimisations and the given intra-op thread count; {@link #accept} runs it once on engine tensors
 * (converted on first use and kept). Packaged apart from everything that ships: the benchmarks module puts
 * this class (ondeck-ort-adapter.jar) and the onnxruntime jar into {@code benchmarks/target/ort/}, and the
 * CLI loads both with a class loader whose parent provides the engine. The CLI relies on the public
 * {@code (Path model, int threads)} constructor, {@link Consumer} and {@link AutoCloseable}; {@link #toString}
 * names the version.
 */
public final class OrtRunner implements Consumer<Map<String, Tensor>>, AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    private final OrtSession session;
    private final Map<String, OnnxTensor> converted = new HashMap<>();
    private Map<String, Tensor> last;

    public OrtRunner(Path model, int threads) throws OrtException {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(Math.max(1, threads));
        options.setInterOpNumThreads(1);
        if (threads > 1 && !Boolean.getBoolean("ondeck.ort.spin")) {
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        session = env.createSession(model.toString(), options);
    }

    @Override
    public void accept(Map<String, Tensor> inputs) {
        try {
            if (inputs != last) {
                convert(inputs);
            }
            session.run(converted).close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private void convert(Map<String, Tensor> inputs) throws OrtException {
        closeInputs();
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            Tensor t = e.getValue();
            long[] shape = new long[t.rank()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.dim(i);
            }
            ByteBuffer bytes = ByteBuffer.allocateDirect(t.size() * t.dtype().byteSize()).order(ByteOrder.nativeOrder());
            t.writeElements(bytes);
            bytes.rewind();
            converted.put(e.getKey(), OnnxTensor.createTensor(env, bytes, shape, onnxType(t)));
        }
        last = inputs;
    }

    private static ai.onnxruntime.OnnxJavaType onnxType(Tensor t) {
        switch (t.dtype()) {
            case FLOAT: return ai.onnxruntime.OnnxJavaType.FLOAT;
            case DOUBLE: return ai.onnxruntime.OnnxJavaType.DOUBLE;
            case INT8: return ai.onnxruntime.OnnxJavaType.INT8;
            case UINT8: return ai.onnxruntime.OnnxJavaType.UINT8;
            case BOOL: return ai.onnxruntime.OnnxJavaType.BOOL;
            case INT16: return ai.onnxruntime.OnnxJavaType.INT16;
            case INT32: return ai.onnxruntime.OnnxJavaType.INT32;
            case INT64: return ai.onnxruntime.OnnxJavaType.INT64;
            default: throw new IllegalArgumentException("no ONNX Runtime tensor for " + t.dtype());
        }
    }

    private void closeInputs() {
        for (OnnxTensor t : converted.values()) {
            t.close();
        }
        converted.clear();
    }

    @Override
    public void close() throws OrtException {
        closeInputs();
        session.close();
        options.close();
    }

    @Override
    public String toString() {
        return "onnxruntime " + OrtEnvironment.class.getPackage().getImplementationVersion();
    }
}
