package dev.ondeck.adb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.DeviceLostException;
import dev.ondeck.adb.host.SyncClient;
import dev.ondeck.adb.host.TransferListener;
import dev.ondeck.adb.virtual.VirtualDevice;
import dev.ondeck.engine.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 20 MB push/pull against adb push on the same virtual device (byte-identical; the throughput ratio is
 * printed as a benchmark, not asserted, since timings on a shared machine are noisy), and a device killed
 * mid-run.
 */
class FaultsAndTransferTest {
    static AdbServerFixture server;
    static AdbClient adb;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = AdbServerFixture.start();
        adb = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twentyMegabytesRoundTripByteIdenticalAndReportThroughputAgainstAdbPush() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Path src = Files.write(tmp.resolve("20mb.bin"), data);
        try (VirtualDevice d = VirtualDevice.start("Transfer", AdbServerFixture.freePort(), 4)) {
            adb.connect(d.address());
            RemoteSessionTest.waitOnline(adb, d.address());
            String serial = d.address();
            long ours = Long.MAX_VALUE;
            long pull = Long.MAX_VALUE;
            long theirs = Long.MAX_VALUE;
            AtomicLong lastProgress = new AtomicLong();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                try (SyncClient sync = adb.sync(serial)) {
                    sync.push(src, "/data/local/tmp/ours.bin", 0644, (done, total) -> lastProgress.set(done));
                }
                ours = Math.min(ours, System.nanoTime() - t0);
                Path back = tmp.resolve("back.bin");
                t0 = System.nanoTime();
                try (SyncClient sync = adb.sync(serial)) {
                    sync.pull("/data/local/tmp/ours.bin", back, TransferListener.NONE);
                }
                pull = Math.min(pull, System.nanoTime() - t0);
                assertArrayEquals(data, Files.readAllBytes(back));
                t0 = System.nanoTime();
                server.adb("-s", serial, "push", src.toString(), "/data/local/tmp/theirs.bin");
                theirs = Math.min(theirs, System.nanoTime() - t0);
            }
            assertEquals(data.length, lastProgress.get());
            assertArrayEquals(data, Files.readAllBytes(d.root().resolve("data/local/tmp/theirs.bin")));
            double mb = data.length / 1e6;
            double oursRate = mb / (ours / 1e9);
            double theirsRate = mb / (theirs / 1e9);
            System.out.printf("20 MB transfer (best of 3): ondeck push %.1f MB/s, ondeck pull %.1f MB/s, adb push %.1f MB/s (ratio %.2f)%n",
                    oursRate, mb / (pull / 1e9), theirsRate, oursRate / theirsRate);
            adb.disconnect(d.address());
        }
    }

    @Test
    void unauthorizedDeviceSaysWhatToDo() throws Exception {
        try (VirtualDevice d = VirtualDevice.start("Locked", AdbServerFixture.freePort(), 2)) {
            d.refuseAuthorization(true);
            try {
                adb.connect(d.address());
            } catch (dev.ondeck.adb.host.AdbException e) {
                assertTrue(e.getMessage().contains("authenticate"), e.getMessage());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (adb.devices().stream().noneMatch(e -> e.serial().equals(d.address()) && e.state().equals("unauthorized"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            dev.ondeck.adb.host.DeviceUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.ondeck.adb.host.DeviceUnavailableException.class, () -> Devices.get(adb, d.address()).facts());
            assertEquals("unauthorized", e.state());
            assertTrue(e.getMessage().contains("Allow USB debugging"), e.getMessage());
            dev.ondeck.adb.host.DeviceUnavailableException viaServer = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.ondeck.adb.host.DeviceUnavailableException.class, () -> adb.shell(d.address(), "echo"));
            assertEquals("unauthorized", viaServer.state(), viaServer.getMessage());
            adb.disconnect(d.address());
        }
    }

    @Test
    void offlineDeviceSaysWhatToDo() throws Exception {
        try (VirtualDevice d = VirtualDevice.start("Hung", AdbServerFixture.freePort(), 2)) {
            d.stayOffline(true);
            String connect;
            try {
                connect = adb.connect(d.address());
            } catch (dev.ondeck.adb.host.AdbException e) {
                connect = e.getMessage();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String state = null;
            while (System.nanoTime() < deadline) {
                state = adb.devices().stream().filter(e -> e.serial().equals(d.address())).map(e -> e.state()).findFirst().orElse(null);
                if (state != null) {
                    break;
                }
                Thread.sleep(20);
            }
            System.out.println("device that never answers CNXN: connect said '" + connect.trim() + "', devices lists it as " + state);
            dev.ondeck.adb.host.DeviceUnavailableException viaServer = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.ondeck.adb.host.DeviceUnavailableException.class, () -> adb.shell(d.address(), "echo"));
            assertEquals("offline", viaServer.state(), viaServer.getMessage());
            assertTrue(viaServer.getMessage().contains("adb reconnect"), viaServer.getMessage());
            dev.ondeck.adb.host.DeviceUnavailableException viaList = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.ondeck.adb.host.DeviceUnavailableException.class, () -> Devices.get(adb, d.address()).newSession(Path.of("x.onnx"), null));
            assertEquals("offline", viaList.state(), viaList.getMessage());
            adb.disconnect(d.address());
        }
    }

    @Test
    void deviceLostMidPushGivesTheTypedErrorWithinFiveSeconds() throws Exception {
        VirtualDevice d = VirtualDevice.start("PushVictim", AdbServerFixture.freePort(), 2);
        AtomicLong closedAt = new AtomicLong();
        Throwable thrown = null;
        try {
            adb.connect(d.address());
            RemoteSessionTest.waitOnline(adb, d.address());
            java.io.InputStream endless = new java.io.InputStream() {
                @Override
                public int read() {
                    return 7;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    java.util.Arrays.fill(b, off, off + len, (byte) 7);
                    return len;
                }
            };
            try (SyncClient sync = adb.sync(d.address())) {
                sync.push(endless, -1, "/data/local/tmp/endless.bin", 0644, 0, (done, total) -> {
                    if (done >= 4 << 20 && closedAt.get() == 0) {
                        closedAt.set(System.nanoTime());
                        try {
                            d.close();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            } catch (Throwable t) {
                thrown = t;
            }
        } finally {
            d.close();
        }
        double seconds = (System.nanoTime() - closedAt.get()) / 1e9;
        assertTrue(thrown instanceof DeviceLostException, "typed error, found " + thrown);
        System.out.printf("device lost mid-push: %s after %.3f s%n", thrown.getClass().getSimpleName(), seconds);
        assertTrue(seconds < 5, "error after " + seconds + " s");
        adb.disconnect(d.address());
    }

    @ParameterizedTest
    @EnumSource(AgentTransport.class)
    void killingTheDeviceMidRunGivesTheTypedErrorWithinFiveSecondsAndLeavesNothing(AgentTransport transport) throws Exception {
        Path file = TestModels.slowMatMul(tmp.resolve("slow.onnx"));
        Map<String, Tensor> inputs = Map.of("x", TestModels.random(3, 256, 256));
        VirtualDevice d = VirtualDevice.start("Doomed", AdbServerFixture.freePort(), 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong failedAt = new AtomicLong();
        Thread runner;
        try {
            adb.connect(d.address());
            RemoteSessionTest.waitOnline(adb, d.address());
            RemoteSession session = Devices.get(adb, d.address()).newSession(file, "cpu-ref", transport);
            assertEquals(1, session.timeRuns(inputs, 0, 1).length, "the agent answers before the device dies");
            runner = new Thread(() -> {
                try {
                    session.profile(inputs, 0, 100_000);
                } catch (Throwable t) {
                    failedAt.set(System.nanoTime());
                    failure.set(t);
                } finally {
                    session.close();
                }
            }, "test-remote-profile");
            runner.start();
            Thread.sleep(1000);
            assertTrue(runner.isAlive(), "100,000 profiled runs take far longer than a second");
            assertEquals(1, d.liveChildren(), "the agent runs in a child JVM");
        } catch (Throwable t) {
            d.close();
            throw t;
        }
        long killedAt = System.nanoTime();
        d.close();
        runner.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!runner.isAlive(), "the remote call must not hang");
        assertTrue(failure.get() instanceof DeviceLostException, "typed error, found " + failure.get());
        double seconds = (failedAt.get() - killedAt) / 1e9;
        System.out.printf("device killed mid-run (%s): %s after %.3f s%n", transport, failure.get().getClass().getSimpleName(), seconds);
        assertTrue(seconds < 5, "error after " + seconds + " s");
        assertEquals(0, d.liveChildren());
        String leftThreads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("vdev-Doomed") || n.startsWith("adb-")).collect(Collectors.joining(", "));
        assertEquals("", leftThreads, "threads left behind");
        String leftProcesses = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?")).filter(c -> c.contains("java"))
                .collect(Collectors.joining("; "));
        assertEquals("", leftProcesses, "child JVMs left behind");
        assertEquals(java.util.List.of(), adb.listForward(), "forwards left behind");
        adb.disconnect(d.address());
    }
}
