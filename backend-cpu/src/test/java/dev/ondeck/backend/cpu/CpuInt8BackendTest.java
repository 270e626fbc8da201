package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.int8.Int8Agreement;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code cpu-int8} with this module's Vector API integer loops agrees with cpu-ref on QDQ nodes of every int8 kernel. */
class CpuInt8BackendTest {
    @TestFactory
    List<DynamicTest> int8KernelsAgreeWithTheReference() {
        return Int8Agreement.tests("cpu-int8");
    }
}
