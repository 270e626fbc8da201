package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.cli.OndeckTest.Run;
import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ondeck profile} and {@code ondeck diff}: outputs, files and exit codes. */
class InspectCommandsTest {
    @TempDir
    Path dir;

    /** x[batch,4] * w -> Tanh (named "act") -> + w; one unnamed node. */
    private Path model() throws Exception {
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, "batch", 4)
                .initializer("w", Tensor.of(new float[] {0.5f, -1, 2, 0.25f}, 4))
                .node("Mul", n -> n.name("scale").inputs("x", "w").outputs("a"))
                .node("Tanh", n -> n.name("act").inputs("a").outputs("b"))
                .node("Add", n -> n.inputs("b", "w").outputs("y"))
                .output("y", DType.FLOAT, "batch", 4)
                .save(dir.resolve("m.onnx"));
    }

    @Test
    void profileWritesJsonAndTraceWithEveryNode() throws Exception {
        Path json = dir.resolve("p/profile.json");
        Path trace = dir.resolve("p/trace.json");
        new Run("profile", model().toString(), "--shape", "x=3,4", "--seed", "7", "--warmup", "1", "--runs", "3",
                "--json", json.toString(), "--trace", trace.toString())
                .expect(0, "x: random (seed 7)", "by op type:", "Tanh", "whole run: median");
        String text = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
        for (String name : new String[] {"scale", "act", "Add_2"}) {
            assertTrue(text.contains("\"name\": \"" + name + "\""), name + " missing in " + text);
        }
        assertTrue(new String(Files.readAllBytes(trace), StandardCharsets.UTF_8).contains("\"ph\": \"X\""));
    }

    @Test
    void profileRefusesABadShape() throws Exception {
        new Run("profile", model().toString(), "--shape", "x=3,5").expect(1).err("--shape for 'x'");
        new Run("profile", model().toString(), "--shape", "nope=3").expect(1).err("unknown input 'nope'");
        new Run("profile", model().toString(), "--runs", "0").expect(2);
    }

    @Test
    void diffExitCodes() throws Exception {
        String m = model().toString();
        new Run("diff", m, "--backend", "cpu-ref", "--vs", "cpu-ref").expect(0, "act", "no node exceeds the tolerance");
        new Run("diff", m, "--backend", "cpu-ref", "--vs", "cpu-ref", "--fail-above", "-1").expect(3).err("exceeds --fail-above");
        new Run("diff", m, "--backend", "cpu-ref", "--vs", "no-such-backend").expect(1).err("unknown backend 'no-such-backend'");
        new Run("diff", m, "--backend", "cpu-ref").expect(2);
    }
}
