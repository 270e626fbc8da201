package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.conformance.ConformanceRunner;
import dev.ondeck.engine.conformance.Tolerance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shared real and perf model through {@code ondeck run} with .npy files: the written outputs match
 * the expected outputs of test_data_set_0 by the whole-model tolerance.
 */
class RunSharedModelsTest {
    @TempDir
    Path work;

    @TestFactory
    List<DynamicTest> ondeckRunMatchesExpectedOutputs() throws IOException {
        List<Path> cases = ConformanceRunner.findCases(
                Arrays.asList(SharedData.require("models/real"), SharedData.require("models/perf")), null);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases) {
            tests.add(DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
        }
        return tests;
    }

    private void check(Path caseDir) throws IOException {
        Path set = caseDir.resolve("test_data_set_0");
        Path dir = Files.createDirectories(work.resolve(caseDir.getFileName()));
        List<String> args = new ArrayList<>(Arrays.asList("run", caseDir.resolve("model.onnx").toString(),
                "--output-dir", dir.resolve("out").toString()));
        List<String> names;
        try (Model m = Model.load(caseDir.resolve("model.onnx"))) {
            names = new ArrayList<>();
            m.outputs().forEach(v -> names.add(v.name()));
            for (int i = 0; Files.exists(set.resolve("input_" + i + ".pb")); i++) {
                Path npy = dir.resolve("input_" + i + ".npy");
                ConformanceRunner.readTensor(set.resolve("input_" + i + ".pb")).toNpy(npy);
                args.add("--input");
                args.add(m.inputs().get(i).name() + "=" + npy);
            }
        }
        StringWriter err = new StringWriter();
        int code = Ondeck.execute(args.toArray(new String[0]), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        for (int i = 0; i < names.size(); i++) {
            Tensor expected = ConformanceRunner.readTensor(set.resolve("output_" + i + ".pb"));
            Tensor actual = Tensor.fromNpy(dir.resolve("out").resolve(RunCommand.uniqueFileName(names.get(i), new java.util.HashSet<>())));
            assertNull(Tolerance.MODEL.compare(expected, actual, new double[1]), names.get(i));
        }
    }
}
