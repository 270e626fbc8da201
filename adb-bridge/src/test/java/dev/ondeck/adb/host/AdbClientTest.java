package dev.ondeck.adb.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.adb.AdbServerFixture;
import dev.ondeck.adb.virtual.VirtualDevice;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host client against the real adb server and one virtual device. */
class AdbClientTest {
    static AdbServerFixture server;
    static VirtualDevice device;
    static AdbClient adb;
    static String serial;

    @BeforeAll
    static void start() throws Exception {
        server = AdbServerFixture.start();
        device = VirtualDevice.start("Client_Test", AdbServerFixture.freePort(), 4);
        adb = server.client();
        adb.connect(device.address());
        serial = device.address();
        waitOnline(adb, serial);
    }

    static void waitOnline(AdbClient adb, String serial) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (DeviceEntry e : adb.devices()) {
                if (e.serial().equals(serial) && e.isOnline()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("device " + serial + " did not come online: " + adb.devices());
    }

    @AfterAll
    static void stop() throws Exception {
        if (adb != null && device != null) {
            adb.disconnect(device.address());
        }
        if (device != null) {
            device.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void versionDevicesAndFeatures() {
        assertTrue(adb.serverVersion() >= 39, "server version");
        DeviceEntry e = adb.devices().stream().filter(d -> d.serial().equals(serial)).findFirst().orElseThrow();
        assertEquals("Client_Test", e.model());
        assertEquals("ondeck_virtual", e.properties().get("product"));
        assertTrue(adb.features(serial).contains("shell_v2"));
        assertEquals("device", adb.state(serial));
        assertTrue(adb.transportId(serial) > 0);
    }

    @Test
    void shellV2SeparatesStreamsAndExitCode() {
        ShellResult r = adb.shell(serial, "echo hello world");
        assertEquals("hello world\n", r.stdout());
        assertEquals(0, r.exitCode());
        ShellResult missing = adb.shell(serial, "cat /no/such/file");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("No such file"), missing.stderr());
        assertEquals("", missing.stdout());
        assertEquals(42, adb.shell(serial, "exit 42").exitCode());
        byte[] input = new byte[300_000];
        new Random(1).nextBytes(input);
        assertArrayEquals(input, adb.shell(serial, "cat", input).stdoutBytes());
        assertEquals("x86_64\n", new String(adb.exec(serial, "getprop ro.product.cpu.abi"), StandardCharsets.UTF_8));
    }

    @Test
    void fileCommands() {
        assertEquals(0, adb.shell(serial, "mkdir -p /data/local/tmp/a/b").exitCode());
        assertEquals(0, adb.shell(serial, "chmod 755 /data/local/tmp/a/b").exitCode());
        assertTrue(adb.shell(serial, "ls -l /data/local/tmp/a").stdout().startsWith("drwxr-xr-x"));
        assertEquals(0, adb.shell(serial, "rm -r /data/local/tmp/a").exitCode());
        assertEquals(1, adb.shell(serial, "ls /data/local/tmp/a").exitCode());
        assertEquals(1, adb.shell(serial, "cat /../../etc/passwd").exitCode());
    }

    @Test
    void syncPushPullStatList(@TempDir Path tmp) throws Exception {
        byte[] data = new byte[200_000];
        new Random(2).nextBytes(data);
        Path local = tmp.resolve("in.bin");
        Files.write(local, data);
        List<Long> progress = new CopyOnWriteArrayList<>();
        try (SyncClient sync = adb.sync(serial)) {
            sync.push(local, "/data/local/tmp/sync/in.bin", 0644, (done, total) -> progress.add(done));
            FileStat st = sync.stat("/data/local/tmp/sync/in.bin");
            assertEquals(data.length, st.size());
            assertEquals(0100644, st.mode());
            assertTrue(sync.list("/data/local/tmp/sync").stream().anyMatch(f -> f.name().equals("in.bin")));
            assertTrue(!sync.stat("/nope").exists());
            Path back = tmp.resolve("out.bin");
            sync.pull("/data/local/tmp/sync/in.bin", back, TransferListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(back));
            AdbException e = assertThrows(AdbException.class, () -> sync.pull("/nope", tmp.resolve("x"), TransferListener.NONE));
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        }
        assertEquals(List.of(65536L, 131072L, 196608L, 200000L), progress);
    }

    @Test
    void forwardReachesADeviceSocket() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception ignored) {
                    // test ends
                }
            });
            t.start();
            int local = adb.forward(serial, "tcp:0", "tcp:" + echo.getLocalPort());
            assertTrue(adb.listForward().stream().anyMatch(l -> l.contains("tcp:" + local)));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), local)) {
                OutputStream out = s.getOutputStream();
                out.write("ping".getBytes(StandardCharsets.UTF_8));
                InputStream in = s.getInputStream();
                assertEquals("ping", new String(in.readNBytes(4), StandardCharsets.UTF_8));
            }
            adb.killForward(serial, "tcp:" + local);
            assertTrue(adb.listForward().stream().noneMatch(l -> l.contains("tcp:" + local)));
            t.join(5000);
        }
    }

    @Test
    void deviceFacts() {
        DeviceFacts f = DeviceFacts.read(adb, serial);
        assertEquals("Client_Test", f.model());
        assertEquals("x86_64", f.abi());
        assertEquals(34, f.sdk());
        assertEquals(4, f.cores());
        assertEquals(2_400_000L, f.maxFrequenciesKHz()[3]);
        assertEquals(41.5, f.thermalCelsius().get("cpu-big"), 1e-9);
        assertEquals(30.5, f.batteryCelsius(), 1e-9);
    }

    @Test
    void trackDevicesSeesTheDevice() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        try (AutoCloseable h = adb.trackDevices(list -> {
            if (list.stream().anyMatch(d -> d.serial().equals(serial) && d.isOnline())) {
                seen.countDown();
            }
        })) {
            assertTrue(seen.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void typedErrors() throws Exception {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> adb.shell("nosuch:1", "echo"));
        assertEquals("not found", e.state());
        int closed = AdbServerFixture.freePort();
        NoAdbServerException n = assertThrows(NoAdbServerException.class, () -> new AdbClient("127.0.0.1", closed).serverVersion());
        assertTrue(n.getMessage().contains("adb start-server"), n.getMessage());
        AdbException c = assertThrows(AdbException.class, () -> adb.connect("127.0.0.1:" + closed));
        assertTrue(c.getMessage().contains("failed to connect"), c.getMessage());
    }

    @Test
    void serverAddressFollowsAdbConventions() {
        assertEquals(5037, AdbClient.fromEnvironment(Map.of()).port());
        assertEquals(6000, AdbClient.fromEnvironment(Map.of("ANDROID_ADB_SERVER_PORT", "6000")).port());
        AdbClient s = AdbClient.fromEnvironment(Map.of("ADB_SERVER_SOCKET", "tcp:10.0.0.2:7000", "ANDROID_ADB_SERVER_PORT", "6000"));
        assertEquals("10.0.0.2", s.host());
        assertEquals(7000, s.port());
        assertThrows(AdbException.class, () -> AdbClient.fromEnvironment(Map.of("ANDROID_ADB_SERVER_PORT", "x")));
    }
}
