package dev.ondeck.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.NodeException;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: a kernel that fails to compile names its node and shows the compiler's log; without any OpenCL
 * platform (an ICD loader pointed at an empty vendor folder, in a child JVM) the backend reports itself
 * unavailable with the reason and the other backends still run.
 */
class FaultsTest {
    /** A 1x1 convolution followed by Relu: y = relu(conv(x)). */
    static Model tinyConv() {
        float[] w = new float[8 * 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) / 4f;
        }
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 1, 4, 5, 5)
                .initializer("w", Tensor.of(w, 8, 4, 1, 1))
                .node("Conv", n -> n.name("pointwise").inputs("x", "w").outputs("c"))
                .node("Relu", n -> n.name("relu").inputs("c").outputs("y"))
                .output("y", DType.FLOAT, 1, 8, 5, 5)
                .build();
    }

    @Test
    void aKernelThatFailsToCompileNamesItsNodeAndShowsTheCompilerLog() {
        OpenClPresent.require();
        System.setProperty(OpenClBackend.BREAK_BUILD_PROPERTY, "conv_1x1");
        try (Model m = tinyConv()) {
            NodeException e = assertThrows(NodeException.class,
                    () -> m.newSession(SessionOptions.builder().backend("opencl").build()));
            assertTrue(e.getMessage().contains("pointwise"), e.getMessage());
            assertTrue(e.getMessage().contains("deliberately broken build"), "compiler log missing: " + e.getMessage());
            assertTrue(e.getMessage().contains("conv.cl"), e.getMessage());
        } finally {
            System.clearProperty(OpenClBackend.BREAK_BUILD_PROPERTY);
        }
    }

    @Test
    void theTinyModelRunsOnOpenClAndMatchesTheReference() {
        OpenClPresent.require();
        try (Model m = tinyConv();
             Session cl = m.newSession(SessionOptions.builder().backend("opencl").build());
             Session ref = m.newSession(SessionOptions.builder().backend("cpu-ref").build())) {
            float[] x = new float[100];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(i);
            }
            Map<String, Tensor> in = Map.of("x", Tensor.of(x, 1, 4, 5, 5));
            float[] a = cl.run(in).get("y").floats();
            float[] b = ref.run(in).get("y").floats();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-5, "element " + i);
            }
            assertEquals("opencl", cl.plan().backendOf(0));
        }
    }

    @Test
    void withoutAPlatformTheBackendIsUnavailableWithTheReasonAndTheRestWorks(@TempDir Path empty) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NoPlatformProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OCL_ICD_VENDORS", empty.toString());
        pb.environment().remove("OPENCL_VENDOR_PATH");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("opencl unavailable: no OpenCL platform"), out);
        assertTrue(out.contains("cpu-ref ran: 200 outputs"), out);
        assertTrue(out.contains("find opencl: backend 'opencl' is unavailable here: no OpenCL platform"), out);
    }

    /** Run in a JVM without OpenCL platforms: prints what the backends say and runs the tiny model on cpu-ref. */
    public static final class NoPlatformProbe {
        public static void main(String[] args) throws IOException {
            for (Backend b : Backends.all()) {
                if (b.name().equals("opencl")) {
                    System.out.println("opencl unavailable: " + b.unavailableReason());
                }
            }
            try (Model m = tinyConv(); Session s = m.newSession(SessionOptions.builder().backend("cpu-ref").build())) {
                Tensor y = s.run(Map.of("x", Tensor.allocate(DType.FLOAT, 1, 4, 5, 5))).get("y");
                System.out.println("cpu-ref ran: " + y.size() + " outputs");
            }
            try {
                Backends.find("opencl");
            } catch (OndeckException e) {
                System.out.println("find opencl: " + e.getMessage());
            }
            Files.size(Path.of("."));
        }
    }
}
