package dev.ondeck.backend.cpu;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** ONNX Runtime Java as the benchmark baseline: same model, same inputs, timed alternately with ours. */
final class OrtBaseline {
    private OrtBaseline() {
    }

    /** Sorted run times {ours, onnxruntime} in nanoseconds, measured alternately after both warm up. */
    static long[][] alternate(Path file, Model m, Map<String, Tensor> in, String backend, int threads, int warmup, int runs)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(Math.max(1, threads));
            so.setInterOpNumThreads(1);
            try (OrtSession ort = env.createSession(file.toString(), so);
                 Session ours = m.newSession(SessionOptions.builder().backend(backend).threads(threads).build())) {
                Map<String, OnnxTensor> ortIn = new HashMap<>();
                for (Map.Entry<String, Tensor> e : in.entrySet()) {
                    long[] shape = Arrays.stream(e.getValue().shapeView()).asLongStream().toArray();
                    ortIn.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().floats()), shape));
                }
                for (int i = 0; i < warmup; i++) {
                    ours.run(in).close();
                    ort.run(ortIn).close();
                }
                long[] a = new long[runs];
                long[] b = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    ours.run(in).close();
                    long t1 = System.nanoTime();
                    ort.run(ortIn).close();
                    long t2 = System.nanoTime();
                    a[i] = t1 - t0;
                    b[i] = t2 - t1;
                }
                for (OnnxTensor t : ortIn.values()) {
                    t.close();
                }
                Arrays.sort(a);
                Arrays.sort(b);
                return new long[][] {a, b};
            }
        }
    }
}
