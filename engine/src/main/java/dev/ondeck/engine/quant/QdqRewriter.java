package dev.ondeck.engine.quant;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.onnx.TensorCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a decoded float ONNX model into standard QDQ form: every float activation feeding or leaving a Conv,
 * Gemm or MatMul, or one of the {@link #CARRIERS} (Relu, pooling, Flatten, Reshape, Add, Concat, ...) passes through a QuantizeLinear/DequantizeLinear pair (uint8, asymmetric), weights become int8
 * initialisers (symmetric, per output channel unless per-tensor is asked for) read through DequantizeLinear,
 * and biases of Conv/Gemm become int32 at scale input_scale * weight_scale. Graph input and output names stay.
 */
final class QdqRewriter {
    static final Set<String> TARGETS = new HashSet<>(Arrays.asList("Conv", "Gemm", "MatMul"));
    /** Ops whose data inputs and output also get QDQ pairs, so that NPU partitions are not cut around them. */
    static final Set<String> CARRIERS = new HashSet<>(Arrays.asList("Relu", "Clip", "MaxPool", "AveragePool",
            "GlobalAveragePool", "Flatten", "Reshape", "Add", "Concat"));
    /** Carriers whose every input is data (the others quantise input 0 only). */
    static final Set<String> ALL_DATA_INPUTS = new HashSet<>(Arrays.asList("Add", "Concat"));

    private final OnnxProto.Model model;
    private final OnnxProto.Graph graph;
    private final Path baseDir;
    private final Map<String, OnnxProto.TensorData> initializers = new LinkedHashMap<>();
    private final Map<String, float[]> activationParams = new HashMap<>();
    private final Set<String> quantizedWeights = new HashSet<>();
    private final Map<String, float[]> weightScales = new HashMap<>();
    private final List<OnnxProto.TensorData> added = new ArrayList<>();
    private int weightCount;

    QdqRewriter(OnnxProto.Model model, Path baseDir) {
        this.model = model;
        this.graph = model.graph;
        this.baseDir = baseDir;
        for (OnnxProto.TensorData t : graph.initializers) {
            initializers.put(t.name, t);
        }
    }

    /** The default-domain opset the model imports (0 when none). */
    long opset() {
        for (OnnxProto.OpsetId o : model.opsetImports) {
            if (o.domain.isEmpty() || o.domain.equals("ai.onnx")) {
                return o.version;
            }
        }
        return 0;
    }

    /** Float activations to calibrate: non-initialiser inputs and the outputs of Conv, Gemm and MatMul nodes. */
    Set<String> activationsToCalibrate() {
        Set<String> graphInputsOnlyAsOutputs = new HashSet<>();
        for (OnnxProto.ValueInfo in : graph.inputs) {
            for (OnnxProto.ValueInfo out : graph.outputs) {
                if (in.name.equals(out.name)) {
                    graphInputsOnlyAsOutputs.add(in.name);
                }
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (OnnxProto.Node n : graph.nodes) {
            boolean carrier = (n.domain.isEmpty() || n.domain.equals("ai.onnx")) && CARRIERS.contains(n.opType);
            if (!isTarget(n) && !carrier) {
                continue;
            }
            int dataInputs = n.opType.equals("Conv") || (carrier && !ALL_DATA_INPUTS.contains(n.opType)) ? 1
                    : carrier ? n.inputs.size() : 2;
            for (int i = 0; i < Math.min(dataInputs, n.inputs.size()); i++) {
                String in = n.inputs.get(i);
                if (!in.isEmpty() && !initializers.containsKey(in)) {
                    names.add(in);
                }
            }
            names.add(n.outputs.get(0));
        }
        names.removeAll(graphInputsOnlyAsOutputs);
        return names;
    }

    static boolean isTarget(OnnxProto.Node n) {
        return (n.domain.isEmpty() || n.domain.equals("ai.onnx")) && TARGETS.contains(n.opType);
    }

    /**
     * Rewrites the graph in place. {@code ranges} maps every calibrated activation to its {lo, hi};
     * {@code perChannel} chooses per-output-channel weight scales (needs opset 13, else per tensor).
     */
    void rewrite(Map<String, double[]> ranges, boolean perChannel) {
        boolean axisAllowed = perChannel && opset() >= 13;
        for (Map.Entry<String, double[]> e : ranges.entrySet()) {
            float scale = QuantMath.activationScale(e.getValue()[0], e.getValue()[1]);
            activationParams.put(e.getKey(), new float[] {scale, QuantMath.activationZeroPoint(e.getValue()[0], scale)});
        }
        Set<String> graphOutputs = new HashSet<>();
        for (OnnxProto.ValueInfo v : graph.outputs) {
            graphOutputs.add(v.name);
        }
        List<OnnxProto.Node> weightNodes = new ArrayList<>();
        for (OnnxProto.Node n : graph.nodes) {
            if (isTarget(n)) {
                quantizeWeightAndBias(n, axisAllowed, weightNodes);
            }
        }
        Map<String, String> dequantized = new HashMap<>();
        for (String t : activationParams.keySet()) {
            dequantized.put(t, graphOutputs.contains(t) ? t : t + "_dequantized");
        }
        List<OnnxProto.Node> nodes = new ArrayList<>(weightNodes);
        for (OnnxProto.ValueInfo in : graph.inputs) {
            if (activationParams.containsKey(in.name)) {
                nodes.addAll(qdqPair(in.name, in.name, dequantized.get(in.name)));
            }
        }
        for (OnnxProto.Node n : graph.nodes) {
            for (int i = 0; i < n.inputs.size(); i++) {
                String renamed = dequantized.get(n.inputs.get(i));
                if (renamed != null) {
                    n.inputs.set(i, renamed);
                }
            }
            nodes.add(n);
            for (int o = 0; o < n.outputs.size(); o++) {
                String t = n.outputs.get(o);
                if (activationParams.containsKey(t)) {
                    String source = graphOutputs.contains(t) ? t + "_float" : t;
                    n.outputs.set(o, source);
                    nodes.addAll(qdqPair(t, source, dequantized.get(t)));
                }
            }
        }
        graph.nodes.clear();
        graph.nodes.addAll(nodes);
        graph.initializers.addAll(added);
        dropUnusedInitializers();
        if (opset() < 10) {
            throw new IllegalArgumentException("QDQ needs opset 10 or later (QuantizeLinear); the model imports opset " + opset());
        }
    }

    int weightCount() {
        return weightCount;
    }

    int activationCount() {
        return activationParams.size();
    }

    private List<OnnxProto.Node> qdqPair(String tensor, String source, String target) {
        float[] p = activationParams.get(tensor);
        String scale = tensor + "_scale";
        String zp = tensor + "_zero_point";
        added.add(TensorCodec.encode(Tensor.of(new float[] {p[0]}), scale));
        added.add(TensorCodec.encode(Tensor.wrap(DType.UINT8, new byte[] {(byte) (int) p[1]}), zp));
        String quantized = tensor + "_quantized";
        return Arrays.asList(node("QuantizeLinear", tensor + "_QuantizeLinear", Arrays.asList(source, scale, zp), quantized, -1),
                node("DequantizeLinear", tensor + "_DequantizeLinear", Arrays.asList(quantized, scale, zp), target, -1));
    }

    private void quantizeWeightAndBias(OnnxProto.Node n, boolean axisAllowed, List<OnnxProto.Node> out) {
        if (n.inputs.size() < 2 || !isFloatInitializer(n.inputs.get(1))) {
            return;
        }
        String w = n.inputs.get(1);
        Tensor weight = decode(w);
        int axis = -1;
        if (axisAllowed) {
            switch (n.opType) {
                case "Conv": axis = 0; break;
                case "Gemm": axis = intAttr(n, "transB", 0) == 1 ? 0 : 1; break;
                default: axis = weight.rank() == 2 ? 1 : -1; break;
            }
        }
        String key = w + "@" + axis;
        if (quantizedWeights.add(key)) {
            float[] scales = QuantMath.weightScales(weight.floats(), weight.shapeView(), axis);
            byte[] q = QuantMath.quantizeWeights(weight.floats(), weight.shapeView(), axis, scales);
            String base = axis < 0 ? w : w + "_axis" + axis;
            added.add(TensorCodec.encode(Tensor.wrap(DType.INT8, q, weight.shapeView()), base + "_quantized"));
            addScaleAndZero(base, scales, axis, DType.INT8);
            out.add(node("DequantizeLinear", base + "_DequantizeLinear",
                    Arrays.asList(base + "_quantized", base + "_scale", base + "_zero_point"), base + "_dequantized", axis));
            weightScales.put(key, scales);
            weightCount++;
        }
        n.inputs.set(1, (axis < 0 ? w : w + "_axis" + axis) + "_dequantized");
        quantizeBias(n, weightScales.get(key), axis, out);
    }

    private void quantizeBias(OnnxProto.Node n, float[] wScales, int axis, List<OnnxProto.Node> out) {
        if (n.opType.equals("MatMul") || n.inputs.size() < 3 || !isFloatInitializer(n.inputs.get(2))) {
            return;
        }
        float[] x = activationParams.get(n.inputs.get(0));
        Tensor bias = decode(n.inputs.get(2));
        boolean perChannelFits = bias.rank() == 1 && (wScales.length == 1 || wScales.length == bias.size());
        if (x == null || !perChannelFits) {
            return;
        }
        float[] scales = QuantMath.biasScales(x[0], wScales);
        int[] q = QuantMath.quantizeBias(bias.floats(), x[0], wScales);
        String base = n.inputs.get(2) + "_" + (n.name.isEmpty() ? n.outputs.get(0) : n.name);
        added.add(TensorCodec.encode(Tensor.of(q, bias.shapeView()), base + "_quantized"));
        addScaleAndZero(base, scales, wScales.length == 1 ? -1 : 0, DType.INT32);
        out.add(node("DequantizeLinear", base + "_DequantizeLinear",
                Arrays.asList(base + "_quantized", base + "_scale", base + "_zero_point"), base + "_dequantized",
                wScales.length == 1 ? -1 : 0));
        n.inputs.set(2, base + "_dequantized");
    }

    private void addScaleAndZero(String base, float[] scales, int axis, DType zeroType) {
        int[] shape = axis < 0 ? new int[0] : new int[] {scales.length};
        float[] s = axis < 0 ? new float[] {scales[0]} : scales;
        added.add(TensorCodec.encode(Tensor.of(s, shape), base + "_scale"));
        Tensor zero = zeroType == DType.INT32 ? Tensor.of(new int[s.length], shape)
                : Tensor.wrap(DType.INT8, new byte[s.length], shape);
        added.add(TensorCodec.encode(zero, base + "_zero_point"));
    }

    private boolean isFloatInitializer(String name) {
        OnnxProto.TensorData t = initializers.get(name);
        return t != null && t.dataType == DType.FLOAT.onnxCode();
    }

    private Tensor decode(String name) {
        return TensorCodec.decode(initializers.get(name), baseDir, "initializer '" + name + "'");
    }

    /** Converts float initialisers of at least {@code minElements} to float16 storage, each read through a Cast. */
    int storeWeightsAsHalf(int minElements) {
        Set<String> graphInputs = new HashSet<>();
        for (OnnxProto.ValueInfo v : graph.inputs) {
            graphInputs.add(v.name);
        }
        List<OnnxProto.Node> casts = new ArrayList<>();
        List<OnnxProto.TensorData> kept = new ArrayList<>();
        int converted = 0;
        for (OnnxProto.TensorData t : graph.initializers) {
            long n = 1;
            for (long d : t.dims) {
                n *= d;
            }
            if (t.dataType != DType.FLOAT.onnxCode() || n < minElements || graphInputs.contains(t.name)) {
                kept.add(t.dataLocation == 1 ? TensorCodec.encode(decode(t.name), t.name) : t);
                continue;
            }
            float[] f = decode(t.name).floats();
            ByteBuffer buf = ByteBuffer.allocate(f.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : f) {
                buf.putShort(QuantMath.toHalf(v));
            }
            OnnxProto.TensorData h = new OnnxProto.TensorData();
            h.name = t.name + "_fp16";
            h.dims = t.dims.clone();
            h.dataType = DType.ONNX_FLOAT16;
            h.rawData = buf.array();
            kept.add(h);
            OnnxProto.Node cast = node("Cast", t.name + "_Cast", Arrays.asList(h.name), t.name, -1);
            OnnxProto.Attribute to = new OnnxProto.Attribute();
            to.name = "to";
            to.type = OnnxProto.ATTR_INT;
            to.i = DType.FLOAT.onnxCode();
            cast.attributes.add(to);
            casts.add(cast);
            converted++;
        }
        graph.initializers.clear();
        graph.initializers.addAll(kept);
        graph.nodes.addAll(0, casts);
        return converted;
    }

    /** Inlines external-data initialisers so the written model stands alone. */
    void inlineExternalData() {
        for (int i = 0; i < graph.initializers.size(); i++) {
            OnnxProto.TensorData t = graph.initializers.get(i);
            if (t.dataLocation == 1) {
                graph.initializers.set(i, TensorCodec.encode(decode(t.name), t.name));
            }
        }
    }

    private void dropUnusedInitializers() {
        Set<String> used = new HashSet<>();
        for (OnnxProto.Node n : graph.nodes) {
            used.addAll(n.inputs);
            for (OnnxProto.Attribute a : n.attributes) {
                if (a.g != null || !a.graphs.isEmpty()) {
                    return;
                }
            }
        }
        for (OnnxProto.ValueInfo v : graph.outputs) {
            used.add(v.name);
        }
        graph.initializers.removeIf(t -> !used.contains(t.name));
    }

    private static int intAttr(OnnxProto.Node n, String name, int fallback) {
        for (OnnxProto.Attribute a : n.attributes) {
            if (a.name.equals(name)) {
                return (int) a.i;
            }
        }
        return fallback;
    }

    private static OnnxProto.Node node(String op, String name, List<String> inputs, String output, int axis) {
        OnnxProto.Node n = new OnnxProto.Node();
        n.opType = op;
        n.name = name;
        n.inputs.addAll(inputs);
        n.outputs.add(output);
        if (axis >= 0) {
            OnnxProto.Attribute a = new OnnxProto.Attribute();
            a.name = "axis";
            a.type = OnnxProto.ATTR_INT;
            a.i = axis;
            n.attributes.add(a);
        }
        return n;
    }
}
