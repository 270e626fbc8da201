package dev.ondeck.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The support matrix of {@code cpu-ref}: every ONNX backend-test case listed in
 * {@code conformance/cpu-ref.txt} (as {@code suite/case}, suites under {@code onnx-backend/}) must pass with
 * ONNX's tolerance. A case that stops passing fails the build. Other backends run their own lists through
 * {@link #listedCases} and {@link #sharedModels}.
 */
public class BackendConformanceTest {
    static final String BACKEND = "cpu-ref";

    static List<String> supportList() throws IOException {
        return supportList(BACKEND);
    }

    /** The support list {@code /conformance/BACKEND.txt} on the test class path. */
    public static List<String> supportList(String backend) throws IOException {
        try (InputStream in = BackendConformanceTest.class.getResourceAsStream("/conformance/" + backend + ".txt")) {
            if (in == null) {
                throw new IOException("no support list /conformance/" + backend + ".txt on the test class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::trim)
                    .filter(s -> !s.isEmpty() && !s.startsWith("#")).collect(Collectors.toList());
        }
    }

    @TestFactory
    List<DynamicTest> everyListedCasePasses() throws IOException {
        return listedCases(BACKEND);
    }

    /** One test per case of the backend's support list, each with ONNX's node tolerance. */
    public static List<DynamicTest> listedCases(String backend) throws IOException {
        Path suites = SharedData.require("onnx-backend");
        ConformanceRunner runner = new ConformanceRunner(backend, Tolerance.NODE, 60);
        List<DynamicTest> tests = new ArrayList<>();
        for (String entry : supportList(backend)) {
            tests.add(DynamicTest.dynamicTest(entry, () -> {
                Path dir = suites.resolve(entry);
                assertTrue(Files.isDirectory(dir), "case folder missing: " + dir);
                CaseResult r = runner.runCase(dir);
                assertEquals(CaseResult.Status.PASSED, r.status(), entry + ": " + r.detail());
            }));
        }
        return tests;
    }

    /** One test per real and perf model of the shared data, with the whole-model tolerance. */
    public static List<DynamicTest> sharedModels(String backend) throws IOException {
        List<Path> roots = new ArrayList<>();
        roots.add(SharedData.require("models/real"));
        roots.add(SharedData.require("models/perf"));
        List<Path> cases = ConformanceRunner.findCases(roots, null);
        assertTrue(cases.size() >= 17, "expected the 7 real and 10 perf models, found " + cases.size());
        ConformanceRunner runner = new ConformanceRunner(backend, Tolerance.MODEL, 600);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases) {
            tests.add(DynamicTest.dynamicTest(c.getParent().getFileName() + "/" + c.getFileName(), () -> {
                CaseResult r = runner.runCase(c);
                assertEquals(CaseResult.Status.PASSED, r.status(), c.getFileName() + ": " + r.detail());
            }));
        }
        return tests;
    }

    @Test
    void coreCoverageIsAtLeastNinetyPercent() throws IOException {
        Path core = SharedData.require("onnx-backend/lists/core_suggested.txt");
        List<String> coreCases = Files.readAllLines(core).stream().map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        List<String> supported = supportList();
        long listed = coreCases.stream().filter(c -> supported.contains("node/" + c)).count();
        assertTrue(listed >= Math.ceil(0.9 * coreCases.size()),
                "support list covers " + listed + " of " + coreCases.size() + " core cases; 90% needed");
    }
}
