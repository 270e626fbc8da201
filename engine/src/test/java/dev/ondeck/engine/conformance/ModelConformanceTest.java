package dev.ondeck.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.UnsupportedOpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real and perf model in the shared data matches its expected outputs on {@code cpu-ref} by the
 * whole-model tolerance; the models that need custom ops are refused naming each op and domain.
 */
class ModelConformanceTest {
    @TestFactory
    List<DynamicTest> everySharedModelMatchesItsExpectedOutputs() throws IOException {
        return BackendConformanceTest.sharedModels(BackendConformanceTest.BACKEND);
    }

    @TestFactory
    List<DynamicTest> customOpModelsAreRefusedByName() throws IOException {
        Path dir = SharedData.require("models/real/_excluded_custom_ops");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".onnx")).sorted().collect(Collectors.toList());
        }
        assertEquals(2, files.size(), "expected the two custom-op models in " + dir);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class, () -> Model.load(f));
                assertTrue(!e.missing().isEmpty());
                for (UnsupportedOpsException.Missing m : e.missing()) {
                    assertTrue(e.getMessage().contains(m.opType), e.getMessage());
                    assertTrue(!m.domain.isEmpty(), "custom op " + m.opType + " should name its domain");
                    assertTrue(e.getMessage().contains("domain " + m.domain), e.getMessage());
                }
            }));
        }
        return Collections.unmodifiableList(tests);
    }
}
