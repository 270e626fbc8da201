package dev.ondeck.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run with wrong inputs fails before executing, naming the input and saying expected vs found. */
class SessionInputErrorsTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private static Session session() {
        return ModelBuilder.create().opset(13)
                .input("image", DType.FLOAT, "batch", 3)
                .input("bias", DType.FLOAT, 3)
                .node("Add", n -> n.inputs("image", "bias").outputs("y"))
                .output("y", DType.FLOAT, "batch", 3)
                .build().newSession("cpu-ref");
    }

    private static void refused(Map<String, Tensor> feeds, String... parts) {
        InvalidInputException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InvalidInputException.class, () -> session().run(feeds)));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    private static Map<String, Tensor> feeds(String n1, Tensor t1, String n2, Tensor t2) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(n1, t1);
        m.put(n2, t2);
        return m;
    }

    @Test
    void wrongInputNameListsTheValidOnes() {
        refused(feeds("img", Tensor.allocate(DType.FLOAT, 1, 3), "bias", Tensor.allocate(DType.FLOAT, 3)),
                "unknown input 'img'", "[image, bias]");
    }

    @Test
    void missingInputNamesIt() {
        refused(Collections.singletonMap("image", Tensor.allocate(DType.FLOAT, 1, 3)), "missing input 'bias'", "float32[3]");
    }

    @Test
    void wrongDtypeNamesTheInput() {
        refused(feeds("image", Tensor.allocate(DType.DOUBLE, 1, 3), "bias", Tensor.allocate(DType.FLOAT, 3)),
                "input 'image'", "expected dtype float32", "found float64");
    }

    @Test
    void wrongShapeNamesTheInput() {
        refused(feeds("image", Tensor.allocate(DType.FLOAT, 2, 4), "bias", Tensor.allocate(DType.FLOAT, 3)),
                "input 'image'", "expected shape [batch,3]", "found [2, 4]");
        refused(feeds("image", Tensor.allocate(DType.FLOAT, 2, 3), "bias", Tensor.allocate(DType.FLOAT, 1, 3)),
                "input 'bias'", "expected shape [3]", "found [1, 3]");
    }

    @Test
    void symbolicDimAcceptsAnySize() {
        Result r = session().run(feeds("image", Tensor.allocate(DType.FLOAT, 5, 3), "bias", Tensor.of(new float[] {1, 2, 3}, 3)));
        assertTrue(r.get("y").floats()[14] == 3f);
    }
}
