package dev.ondeck.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.InvalidInputException;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.onnx.OnnxDecoder;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.onnx.TensorCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quantizer on a small Conv - Relu - Flatten - Gemm model built in the test. */
class QuantizerTest {
    @TempDir
    Path dir;

    /** Conv weights whose output channels differ in magnitude by 100x, so per-channel scales must differ. */
    static byte[] model() {
        Random r = new Random(1);
        float[] w = new float[3 * 2 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * (i < 18 ? 0.01f : 1f);
        }
        float[] g = new float[3 * 4 * 4 * 5];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) r.nextGaussian() * 0.2f;
        }
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 1, 2, 4, 4)
                .initializer("w", Tensor.of(w, 3, 2, 3, 3))
                .initializer("b", Tensor.of(new float[] {0.1f, -0.2f, 0.3f}, 3))
                .initializer("g", Tensor.of(g, 48, 5))
                .initializer("gb", Tensor.of(new float[] {0.5f, 0, 0, 0, -0.5f}, 5))
                .node("Conv", n -> n.inputs("x", "w", "b").outputs("c").ints("pads", 1, 1, 1, 1))
                .node("Relu", n -> n.inputs("c").outputs("r"))
                .node("Flatten", n -> n.inputs("r").outputs("f"))
                .node("Gemm", n -> n.inputs("f", "g", "gb").outputs("y"))
                .output("y", DType.FLOAT, 1, 5)
                .toBytes();
    }

    static List<Map<String, Tensor>> samples(int count, long seed) {
        Random r = new Random(seed);
        List<Map<String, Tensor>> s = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] x = new float[32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            Map<String, Tensor> m = new HashMap<>();
            m.put("x", Tensor.of(x, 1, 2, 4, 4));
            s.add(m);
        }
        return s;
    }

    static Tensor run(byte[] bytes, Map<String, Tensor> in) {
        try (Model m = Model.fromBytes(bytes, null); Session s = m.newSession("cpu-ref")) {
            return s.run(in).get("y");
        }
    }

    static OnnxProto.TensorData initializer(OnnxProto.Model m, String name) {
        return m.graph.initializers.stream().filter(t -> t.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    @Test
    void int8KeepsNamesWritesQdqAndStaysCloseToFloat() {
        byte[] floatModel = model();
        QuantizedModel q = Quantizer.builder().build().quantize(floatModel, null, samples(16, 7));
        OnnxProto.Model p = OnnxDecoder.decodeModel(q.bytes());
        assertEquals("x", p.graph.inputs.get(0).name);
        assertEquals("y", p.graph.outputs.get(0).name);
        List<String> ops = p.graph.nodes.stream().map(n -> n.opType).collect(Collectors.toList());
        assertEquals(5, ops.stream().filter("QuantizeLinear"::equals).count(), "x, c, r, f, y quantised: " + ops);
        assertEquals(2, q.weightCount());
        assertEquals(DType.INT8.onnxCode(), initializer(p, "w_axis0_quantized").dataType);
        float[] scales = TensorCodec.decode(initializer(p, "w_axis0_scale"), null, "s").floats();
        assertEquals(3, scales.length);
        assertTrue(scales[2] > 20 * scales[0], "per-channel scales " + java.util.Arrays.toString(scales));
        assertTrue(p.graph.initializers.stream().noneMatch(t -> t.name.equals("w")), "float weights dropped");
        for (Map<String, Tensor> in : samples(5, 7)) { // calibration inputs: minmax ranges cover them, no clipping
            Tensor a = run(floatModel, in);
            Tensor b = run(q.bytes(), in);
            double span = q.ranges().get("y")[1] - q.ranges().get("y")[0];
            double err = 0;
            for (int i = 0; i < a.size(); i++) {
                err = Math.max(err, Math.abs(a.getDouble(i) - b.getDouble(i)));
            }
            assertTrue(err < 0.03 * span, "int8 error " + err + " against the calibrated output range " + span);
        }
    }

    @Test
    void perTensorWritesOneScale() {
        QuantizedModel q = Quantizer.builder().perChannel(false).method(CalibrationMethod.ENTROPY).build()
                .quantize(model(), null, samples(8, 3));
        OnnxProto.Model p = OnnxDecoder.decodeModel(q.bytes());
        assertEquals(0, initializer(p, "w_scale").dims.length);
    }

    @Test
    void fp16StoresHalfWeightsBehindCasts() {
        byte[] floatModel = model();
        QuantizedModel q = Quantizer.builder().fp16(true).build().quantize(floatModel, null, null);
        OnnxProto.Model p = OnnxDecoder.decodeModel(q.bytes());
        assertEquals(DType.ONNX_FLOAT16, initializer(p, "w_fp16").dataType);
        assertEquals(DType.ONNX_FLOAT16, initializer(p, "g_fp16").dataType);
        assertTrue(q.quantizedBytes() < 0.7 * q.originalBytes(), q.summary());
        Map<String, Tensor> in = samples(1, 5).get(0);
        Tensor a = run(floatModel, in);
        Tensor b = run(q.bytes(), in);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.getDouble(i), b.getDouble(i), 2e-3 * (1 + Math.abs(a.getDouble(i))));
        }
    }

    @Test
    void halfConversionRoundsToNearestEven() {
        assertEquals(0x3c00, QuantMath.toHalf(1f));
        assertEquals((short) 0xc000, QuantMath.toHalf(-2f));
        assertEquals(0x7bff, QuantMath.toHalf(65504f));
        assertEquals(0x7c00, QuantMath.toHalf(1e6f));
        assertEquals(0x0001, QuantMath.toHalf(5.96e-8f));
        assertEquals(0x3c00, QuantMath.toHalf(1f + 0x1p-11f), "tie to even stays at 1");
        assertEquals(0x3c02, QuantMath.toHalf(1f + 3 * 0x1p-11f), "tie to even rounds up to 1+2^-9");
    }

    @Test
    void badInputsAreNamed() throws IOException {
        IllegalArgumentException noSamples = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.builder().build().quantize(model(), null, new ArrayList<>()));
        assertTrue(noSamples.getMessage().contains("calibration sample"), noSamples.getMessage());
        IllegalArgumentException method = assertThrows(IllegalArgumentException.class, () -> CalibrationMethod.parse("kl"));
        assertTrue(method.getMessage().contains("minmax, percentile or entropy"));
        Files.createDirectories(dir.resolve("s0"));
        try (Model m = Model.fromBytes(model(), null)) {
            InvalidInputException missing = assertThrows(InvalidInputException.class,
                    () -> CalibrationSamples.load(dir, m.inputs()));
            assertTrue(missing.getMessage().contains("x.npy"), missing.getMessage());
            samples(1, 1).get(0).get("x").toNpy(dir.resolve("s0/x.npy"));
            assertEquals(1, CalibrationSamples.load(dir, m.inputs()).size());
        }
    }
}
