package dev.ondeck.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OnnxEncoderTest {
    @Test
    void typedTensorFieldsRoundTrip() {
        OnnxProto.TensorData t = new OnnxProto.TensorData();
        t.name = "t";
        t.dataType = 11;
        t.dims = new long[] {2};
        t.doubleData = new double[] {1.5, -2.25};
        OnnxProto.TensorData back = OnnxDecoder.decodeTensor(OnnxEncoder.encodeTensor(t), "t");
        assertEquals("t", back.name);
        assertArrayEquals(new double[] {1.5, -2.25}, back.doubleData);

        t.dataType = 6;
        t.doubleData = new double[0];
        t.int32Data = new long[] {-7, 1 << 30};
        back = OnnxDecoder.decodeTensor(OnnxEncoder.encodeTensor(t), "t");
        assertArrayEquals(new long[] {-7, 1 << 30}, back.int32Data);
    }

    @Test
    void functionsAndExternalDataEntriesRoundTrip() {
        OnnxProto.Model m = new OnnxProto.Model();
        m.irVersion = 8;
        m.graph = new OnnxProto.Graph();
        OnnxProto.TensorData w = new OnnxProto.TensorData();
        w.name = "w";
        w.dataType = 1;
        w.externalData.put("location", "w.bin");
        w.externalData.put("offset", "16");
        w.dataLocation = 1;
        m.graph.initializers.add(w);
        OnnxProto.Function f = new OnnxProto.Function();
        f.name = "F";
        f.domain = "local";
        f.inputs.add("a");
        f.outputs.add("b");
        OnnxProto.Node body = new OnnxProto.Node();
        body.opType = "Identity";
        body.inputs.add("a");
        body.outputs.add("b");
        f.nodes.add(body);
        m.functions.add(f);
        OnnxProto.Model back = OnnxDecoder.decodeModel(OnnxEncoder.encodeModel(m));
        assertEquals("w.bin", back.graph.initializers.get(0).externalData.get("location"));
        assertEquals("16", back.graph.initializers.get(0).externalData.get("offset"));
        assertEquals(1, back.graph.initializers.get(0).dataLocation);
        assertEquals("F", back.functions.get(0).name);
        assertEquals("local", back.functions.get(0).domain);
        assertEquals("Identity", back.functions.get(0).nodes.get(0).opType);
    }
}
