package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.conformance.BackendConformanceTest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code cpu-portable}: its kernels agree with cpu-ref; its support list and the shared models pass. */
class PortableBackendTest {
    static final String BACKEND = "cpu-portable";

    @TestFactory
    List<DynamicTest> kernelsAgreeWithTheReference() {
        return KernelAgreement.tests(BACKEND);
    }

    @TestFactory
    List<DynamicTest> everyListedCasePasses() throws IOException {
        return BackendConformanceTest.listedCases(BACKEND);
    }

    @TestFactory
    List<DynamicTest> everySharedModelMatchesItsExpectedOutputs() throws IOException {
        return BackendConformanceTest.sharedModels(BACKEND);
    }
}
