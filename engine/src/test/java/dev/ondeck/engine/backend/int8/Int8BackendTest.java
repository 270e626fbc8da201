package dev.ondeck.engine.backend.int8;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code cpu-int8} with the engine's scalar integer loops agrees with cpu-ref on QDQ nodes of every int8 kernel. */
class Int8BackendTest {
    @TestFactory
    List<DynamicTest> int8KernelsAgreeWithTheReference() {
        return Int8Agreement.tests("cpu-int8");
    }
}
