package dev.ondeck.adb.nativetools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.adb.AdbServerFixture;
import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.AdbException;
import dev.ondeck.adb.host.SyncClient;
import dev.ondeck.adb.host.TransferListener;
import dev.ondeck.adb.virtual.VirtualDevice;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Native tools through the real adb server on the virtual device. The virtual device cannot run an Android
 * binary, so this proves the path, not the tools: the command line reaches the device's shell as built
 * (echoed back by the shell's {@code echo}), and a pushed tool that cannot start gives an error saying what to do.
 */
class NativeToolsOnDeviceTest {
    @Test
    void commandLinesReachTheDeviceAndAToolThatCannotStartSaysWhatToDo() throws Exception {
        try (AdbServerFixture server = AdbServerFixture.start();
             VirtualDevice phone = VirtualDevice.start("Tools", AdbServerFixture.freePort(), 4)) {
            AdbClient adb = server.client();
            adb.connect(phone.address());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (adb.devices().stream().noneMatch(d -> d.serial().equals(phone.address()) && d.isOnline())) {
                assertTrue(System.nanoTime() < deadline, "device did not come online");
                Thread.sleep(20);
            }
            String serial = phone.address();
            String cmd = NativeTools.tfliteCommand("echo", "/data/local/tmp/m.tflite", "gpu", 5);
            assertEquals("--graph=/data/local/tmp/m.tflite --enable_op_profiling=true --num_runs=5 --use_gpu=true",
                    NativeTools.run(adb, serial, cmd).trim());

            byte[] notRunnableHere = "\u007fELF built for another ABI".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (SyncClient sync = adb.sync(serial)) {
                sync.push(new java.io.ByteArrayInputStream(notRunnableHere), notRunnableHere.length, "/data/local/tmp/benchmark_model",
                        0644, 0, TransferListener.NONE);
            }
            assertEquals(0, adb.shell(serial, "chmod 755 /data/local/tmp/benchmark_model").exitCode());
            AdbException e = assertThrows(AdbException.class, () -> NativeTools.tfliteBenchmark(adb, serial,
                    "/data/local/tmp/benchmark_model", "/data/local/tmp/m.tflite", "cpu", 5));
            assertTrue(e.getMessage().contains("'/data/local/tmp/benchmark_model --graph=/data/local/tmp/m.tflite"
                    + " --enable_op_profiling=true --num_runs=5' could not start"), e.getMessage());
            assertTrue(e.getMessage().contains("exit 127") && e.getMessage().contains("chmod 755"), e.getMessage());
            adb.disconnect(serial);
        }
    }
}
