package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.adb.AdbServerFixture;
import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ondeck virtual-device start}, {@code devices}, {@code push}, {@code pull} and {@code run --device}
 * as separate processes against a hermetic real adb server; the virtual device stops on SIGTERM.
 */
class DeviceCommandsTest {
    @TempDir
    Path tmp;

    private ProcessBuilder ondeck(AdbServerFixture server, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Ondeck.class.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        server.environment(pb.environment());
        return pb;
    }

    private String run(AdbServerFixture server, String... args) throws IOException, InterruptedException {
        Process p = ondeck(server, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "ondeck " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    @Test
    void virtualDeviceDevicesPushPullAndRunOnTheDevice() throws Exception {
        try (AdbServerFixture server = AdbServerFixture.start()) {
            int port = AdbServerFixture.freePort();
            List<ProcessHandle> children = new ArrayList<>();
            Process vd = ondeck(server, "virtual-device", "start", "--port", Integer.toString(port), "--name", "Cli_Phone", "--cores", "2").start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(vd.getInputStream(), StandardCharsets.UTF_8));
                String first = lines.readLine();
                assertTrue(first != null && first.contains("listening on 127.0.0.1:" + port), String.valueOf(first));
                String serial = "127.0.0.1:" + port;
                server.client().connect(serial);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                String devices = run(server, "devices");
                while (!devices.contains(serial + " ") && System.nanoTime() < deadline) {
                    devices = run(server, "devices");
                }
                assertTrue(devices.contains("model=Cli_Phone"), devices);

                byte[] data = new byte[300_000];
                new Random(3).nextBytes(data);
                Path src = Files.write(tmp.resolve("blob.bin"), data);
                assertTrue(run(server, "push", "--device", serial, src.toString(), "/sdcard/blob.bin").contains("1 file pushed"));
                Path back = tmp.resolve("back.bin");
                run(server, "pull", "--device", serial, "/sdcard/blob.bin", back.toString());
                assertArrayEquals(data, Files.readAllBytes(back));

                Path model = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 2, 3)
                        .initializer("k", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                        .node("Mul", n -> n.inputs("x", "k").outputs("y")).output("y", DType.FLOAT, 2, 3)
                        .save(tmp.resolve("mul.onnx"));
                String out = run(server, "run", "--device", serial, model.toString(), "-o", tmp.resolve("out").toString());
                assertTrue(out.contains("ran on device " + serial), out);
                assertTrue(Files.exists(tmp.resolve("out/y.npy")), out);
                server.client().disconnect(serial);
            } finally {
                vd.descendants().forEach(children::add);
                vd.destroy();
                assertTrue(vd.waitFor(10, TimeUnit.SECONDS), "the virtual device stops on SIGTERM");
            }
            assertEquals(0L, children.stream().filter(ProcessHandle::isAlive).count(), "no child process left");
        }
    }
}
