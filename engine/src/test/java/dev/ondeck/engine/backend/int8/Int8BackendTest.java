package dev.ondeck.engine.backend.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code cpu-int8} with the engine's scalar integer loops agrees with cpu-ref on QDQ nodes of every int8 kernel. */
class Int8BackendTest {
    @TestFactory
    List<DynamicTest> int8KernelsAgreeWithTheReference() {
        return Int8Agreement.tests("cpu-int8");
    }

    @Test
    void theKernelsPropertyChoosesScalarOrNamesTheChoices() {
        assertEquals(ScalarInt8Kernels.class, Int8Kernels.Loaded.find("scalar").getClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Int8Kernels.Loaded.find("com.example.Missing"));
        assertTrue(e.getMessage().contains("com.example.Missing") && e.getMessage().contains("expected scalar"), e.getMessage());
    }
}
