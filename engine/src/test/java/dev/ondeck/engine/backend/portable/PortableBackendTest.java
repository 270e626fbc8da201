package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.conformance.BackendConformanceTest;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.Collections;
import java.util.Map;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code cpu-portable}: its kernels agree with cpu-ref; its support list and the shared models pass. */
class PortableBackendTest {
    static final String BACKEND = "cpu-portable";

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
    List<DynamicTest> depthwiseConvolutionAgreesWithTheReference() {
        return DepthwiseAgreement.tests(BACKEND);
    }

    @TestFactory
    List<DynamicTest> productsSplitOverThreadsEqualTheSingleThreadOne() {
        return SgemmSplitAgreement.tests(new PortableSgemm());
    }

    @Test
    void fusedNodesStayVisibleInTheProfile() {
        Model m = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, 4, 8, 8)
                .initializer("w", KernelAgreement.random(new int[] {6, 4, 3, 3}, 7))
                .node("Conv", n -> n.name("conv").inputs("x", "w").outputs("c"))
                .node("Relu", n -> n.name("relu").inputs("c").outputs("y"))
                .output("y").build();
        Map<String, Tensor> in = Collections.singletonMap("x", KernelAgreement.random(new int[] {1, 4, 8, 8}, 3));
        try (Session s = m.newSession(SessionOptions.builder().backend(BACKEND).build())) {
            ProfileReport r = s.profile(in, 1, 2);
            assertEquals(2, r.nodes().size());
            assertEquals(BACKEND + " (fused into conv)", r.node("relu").backend());
            assertEquals(BACKEND, r.node("conv").backend());
        }
        try (Session s = m.newSession(SessionOptions.builder().backend(BACKEND).foldConstants(false).build())) {
            assertEquals(-1, s.plan().fusedInto(1), "debug plans keep every node");
        }
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
