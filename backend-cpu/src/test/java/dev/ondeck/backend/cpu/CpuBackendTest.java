package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.backend.portable.ConcatAgreement;
import dev.ondeck.engine.backend.portable.DepthwiseAgreement;
import dev.ondeck.engine.backend.portable.KernelAgreement;
import dev.ondeck.engine.backend.portable.PoolAgreement;
import dev.ondeck.engine.backend.portable.WinogradAgreement;
import dev.ondeck.engine.backend.portable.SgemmSplitAgreement;
import dev.ondeck.engine.backend.portable.TransposedConvAgreement;
import dev.ondeck.engine.conformance.BackendConformanceTest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code cpu}: the default backend here; its kernels agree with cpu-ref; its support list and the shared models pass. */
class CpuBackendTest {
    static final String BACKEND = "cpu";

    @Test
    void isTheDefaultWhereTheVectorApiIsPresent() {
        assertEquals(BACKEND, Backends.defaultName());
    }

    @TestFactory
    List<DynamicTest> kernelsAgreeWithTheReference() {
        return KernelAgreement.tests(BACKEND);
    }

    @TestFactory
    List<DynamicTest> winogradConvolutionAgreesWithTheReference() {
        return WinogradAgreement.tests(BACKEND);
    }

    @TestFactory
    List<DynamicTest> concatAgreesWithTheReference() {
        return ConcatAgreement.tests(BACKEND);
    }

    @TestFactory
    List<DynamicTest> poolingAgreesWithTheReference() {
        return PoolAgreement.tests(BACKEND);
    }

    @TestFactory
    List<DynamicTest> transposedConvolutionAgreesWithTheReference() {
        return TransposedConvAgreement.tests(BACKEND, new VectorSgemm());
    }

    @TestFactory
    List<DynamicTest> depthwiseConvolutionAgreesWithTheReference() {
        return DepthwiseAgreement.tests(BACKEND);
    }

    @TestFactory
    List<DynamicTest> productsSplitOverThreadsEqualTheSingleThreadOne() {
        return SgemmSplitAgreement.tests(new VectorSgemm());
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
