package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.onnx.OnnxEncoder;
import dev.ondeck.engine.onnx.TensorCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressLineTest {
    @TempDir
    Path dir;

    @Test
    void aLogGetsOneLinePerTenth() {
        StringWriter w = new StringWriter();
        ProgressLine p = ProgressLine.of(new PrintWriter(w), "cases", false, false);
        for (int i = 1; i <= 40; i++) {
            p.progress("case" + i, i, 40);
        }
        List<String> lines = w.toString().lines().toList();
        assertEquals(11, lines.size(), "the first step, then each tenth:\n" + w);
        assertEquals("cases [" + "#".repeat(14) + ".".repeat(10) + "] 24/40 (60%) case24", lines.get(6));
        assertEquals("cases [" + "#".repeat(24) + "] 40/40 (100%) case40", lines.get(10));
    }

    @Test
    void aTerminalGetsOneLineRedrawnInPlace() {
        StringWriter w = new StringWriter();
        ProgressLine p = ProgressLine.of(new PrintWriter(w), "push", true, true);
        p.progress("", 0, 2_000_000);
        p.progress("", 1_000_000, 2_000_000);
        p.progress("", 2_000_000, 2_000_000);
        String s = w.toString();
        assertTrue(s.startsWith("\rpush [........................] 0.0 MB/2.0 MB (0%)\u001B[K\r"), s);
        assertTrue(s.endsWith("\rpush [########################] 2.0 MB/2.0 MB (100%)\u001B[K\n"), s);
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line, finished once");
    }

    @Test
    void conformanceAndProfilePrintProgress() throws Exception {
        for (int i = 0; i < 3; i++) {
            Path c = dir.resolve("cases/test_add_" + i);
            ModelBuilder.create().opset(13).input("x", DType.FLOAT, 3).initializer("b", Tensor.of(new float[] {1, 2, 3}, 3))
                    .node("Add", n -> n.inputs("x", "b").outputs("y")).output("y", DType.FLOAT, 3)
                    .save(Files.createDirectories(c).resolve("model.onnx"));
            Path set = Files.createDirectories(c.resolve("test_data_set_0"));
            Files.write(set.resolve("input_0.pb"), OnnxEncoder.encodeTensor(TensorCodec.encode(Tensor.of(new float[] {1, 1, 1}, 3), "x")));
            Files.write(set.resolve("output_0.pb"), OnnxEncoder.encodeTensor(TensorCodec.encode(Tensor.of(new float[] {2, 3, 4}, 3), "y")));
        }
        OndeckTest.Run r = new OndeckTest.Run("conformance", dir.resolve("cases").toString(), "--backend", "cpu-ref")
                .expect(0, "3 passed").err("conformance [########........] 1/3 (33%) test_add_0".replace("########........",
                        "########" + ".".repeat(16)), "conformance [########################] 3/3 (100%) test_add_2");
        assertTrue(!r.out.contains("conformance ["), "progress goes to stderr");
        new OndeckTest.Run("profile", dir.resolve("cases/test_add_0/model.onnx").toString(), "--warmup", "1", "--runs", "4",
                "--backend", "cpu-ref").expect(0).err("profile [####################....] 4/5 (80%) timed run".replace(
                        "####################....", "#".repeat(19) + ".".repeat(5)), "5/5 (100%) timed run");
    }
}
