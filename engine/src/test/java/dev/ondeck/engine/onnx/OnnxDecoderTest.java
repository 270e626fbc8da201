package dev.ondeck.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class OnnxDecoderTest {
    @Test
    void skipsUnknownLengthDelimitedFieldsWithMultiByteLengths() {
        byte[] model = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 2)
                .node("Relu", n -> n.inputs("x").outputs("y")).output("y", DType.FLOAT, 2).toBytes();
        ProtoWriter unknown = new ProtoWriter();
        unknown.bytes(99, new byte[300]);
        ByteArrayOutputStream withUnknown = new ByteArrayOutputStream();
        withUnknown.writeBytes(unknown.toByteArray());
        withUnknown.writeBytes(model);
        OnnxProto.Model m = OnnxDecoder.decodeModel(withUnknown.toByteArray());
        assertEquals("Relu", m.graph.nodes.get(0).opType);
        assertEquals(13, m.opsetImports.get(0).version);
    }
}
