package dev.ondeck.adb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.adb.agent.AgentProtocol;
import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.DeviceEntry;
import dev.ondeck.adb.virtual.VirtualDevice;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote sessions on two virtual devices through the real adb server, compared with local runs. */
class RemoteSessionTest {
    static AdbServerFixture server;
    static VirtualDevice phoneA;
    static VirtualDevice phoneB;
    static AdbClient adb;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = AdbServerFixture.start();
        adb = server.client();
        phoneA = VirtualDevice.start("Phone_A", AdbServerFixture.freePort(), 4);
        phoneB = VirtualDevice.start("Phone_B", AdbServerFixture.freePort(), 8);
        adb.connect(phoneA.address());
        adb.connect(phoneB.address());
        waitOnline(adb, phoneA.address());
        waitOnline(adb, phoneB.address());
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
        for (VirtualDevice d : new VirtualDevice[] {phoneA, phoneB}) {
            if (d != null) {
                adb.disconnect(d.address());
                d.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runAndProfileOnTwoDevicesMatchLocal() throws Exception {
        Path file = TestModels.smallCnn(tmp.resolve("cnn.onnx"));
        Map<String, Tensor> inputs = Map.of("image", TestModels.random(9, 1, 3, 32, 32));
        float[] local;
        try (Model m = Model.load(file); Session s = m.newSession("cpu-ref")) {
            local = s.run(inputs).get("probs").floats().clone();
        }
        List<Device> devices = Devices.list(adb);
        assertEquals(2, devices.size(), devices.toString());
        for (Device d : devices) {
            try (RemoteSession rs = d.newSession(file, "cpu-ref")) {
                assertTrue(rs.agentBackends().contains("cpu-ref"), rs.agentBackends().toString());
                assertEquals(List.of("image"), rs.inputNames());
                float[] remote = rs.run(inputs).get("probs").floats();
                assertArrayEquals(local, remote, 1e-6f, "outputs on " + d.serial());
                RemoteProfile p = rs.profileOnDevice(inputs, 1, 3);
                assertTrue(p.toJson().contains("ondeck.profile/1"), p.toJson());
                assertTrue(p.toJson().contains("\"conv\""), p.toJson());
                assertEquals("cnn.onnx", p.report().model(), "named after the local file, not the device's hash");
                SessionContract.assertRemoteProfileHasDeviceState(p);
                assertEquals(List.of(1, 10), asList(rs.fetch("probs").shape()), "an output of the last run");
            }
            try (RemoteSession again = d.newSession(file, "cpu-ref"); Model m = Model.load(file); Session s = m.newSession("cpu-ref")) {
                assertEquals(List.of(), again.pushedFiles(), "agent and model are cached by content hash");
                assertArrayEquals(local, again.run(inputs).get("probs").floats(), 1e-6f);
                assertEquals(0.0, again.diff(s, inputs).get("probs").maxAbsError(), 1e-6);
            }
        }
    }

    @Test
    void anAgentOfAnotherReleaseOnTheDeviceIsRefusedNamingBothVersionsAndEnded() throws Exception {
        Path jar = tmp.resolve("newer-agent.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("dev/ondeck/adb/NewerAgent.class"));
            try (java.io.InputStream in = NewerAgent.class.getResourceAsStream("NewerAgent.class")) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        Device d = Devices.get(adb, phoneA.address());
        d.push(jar, "/data/local/tmp/newer-agent.jar", dev.ondeck.adb.host.TransferListener.NONE);
        int newer = AgentProtocol.VERSION + 1;
        String cmd = "CLASSPATH=/data/local/tmp/newer-agent.jar app_process / dev.ondeck.adb.NewerAgent " + newer + " 9.0.0";
        AgentVersionException e = assertThrows(AgentVersionException.class, () -> new RemoteSession(
                AgentChannel.open(adb, d.serial(), cmd, AgentTransport.STDIO), "/none.onnx", "none.onnx", null, List.of(),
                AgentTransport.STDIO));
        assertEquals(newer, e.agentVersion());
        assertEquals(AgentProtocol.VERSION, e.hostVersion());
        assertTrue(e.getMessage().contains("9.0.0 speaks version " + newer) && e.getMessage().contains("host speaks version "
                + AgentProtocol.VERSION), e.getMessage());
        waitForNoChildren(phoneA);
    }

    private static List<Integer> asList(int[] a) {
        return java.util.Arrays.stream(a).boxed().collect(java.util.stream.Collectors.toList());
    }

    @Test
    void theSameTestBodyPassesOnALocalSessionAndOnDevicesOverBothTransports() throws Exception {
        Path file = TestModels.smallCnn(tmp.resolve("contract.onnx"));
        try (Model m = Model.load(file); Session reference = m.newSession("cpu-ref")) {
            try (Session local = m.newSession("cpu-ref")) {
                SessionContract.check(local, reference);
            }
            try (RemoteSession overStdio = Devices.get(adb, phoneA.address()).newSession(m, "cpu-ref")) {
                assertEquals(AgentTransport.STDIO, overStdio.transport());
                SessionContract.check(overStdio, reference);
            }
            try (RemoteSession overPort = Devices.get(adb, phoneB.address()).newSession(m, "cpu-ref", AgentTransport.FORWARDED_PORT)) {
                assertEquals(1, adb.listForward().stream().filter(l -> l.startsWith(phoneB.address() + " ")).count(),
                        "one forward while the session is open: " + adb.listForward());
                SessionContract.check(overPort, reference);
                SessionContract.assertRemoteProfileHasDeviceState(overPort.profileOnDevice(SessionContract.inputs(), 0, 2));
            }
            assertEquals(List.of(), adb.listForward(), "closing the session removes its forward");
            waitForNoChildren(phoneA);
            waitForNoChildren(phoneB);
        }
    }

    @Test
    void javaPredicateBreakpointsAreRefusedOnTheDevice() throws Exception {
        Path file = TestModels.smallCnn(tmp.resolve("cnn3.onnx"));
        try (RemoteSession rs = Devices.get(adb, phoneA.address()).newSession(file, "cpu-ref");
             RemoteDebugger d = rs.debug(SessionContract.inputs())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.addBreakpoint(dev.ondeck.engine.debug.Breakpoint.whenOutput("odd", t -> true)));
            assertTrue(e.getMessage().contains("onNonFinite"), e.getMessage());
            d.addBreakpoint(dev.ondeck.engine.debug.Breakpoint.onMaxAbsAbove(0.5));
            assertEquals(dev.ondeck.engine.debug.StopEvent.Reason.CONDITION, d.continueRun().reason());
        }
    }

    static void waitForNoChildren(VirtualDevice d) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (d.liveChildren() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, d.liveChildren(), "agent processes left on " + d.address());
    }

    @Test
    void unknownBackendIsRefusedWithTheOfferedOnes() throws Exception {
        Path file = TestModels.smallCnn(tmp.resolve("cnn2.onnx"));
        Device d = Devices.get(adb, phoneA.address());
        AgentException e = assertThrows(AgentException.class, () -> d.newSession(file, "gpu-magic"));
        assertTrue(e.getMessage().contains("expected one of [") && e.getMessage().contains("cpu-ref"), e.getMessage());
    }

    @Test
    void agentOfAnotherProtocolVersionIsRefusedNamingBoth() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(AgentProtocol.MAGIC);
        d.writeInt(AgentProtocol.VERSION + 1);
        AgentProtocol.writeString(d, "9.9.9");
        AgentVersionException e = assertThrows(AgentVersionException.class,
                () -> AgentConnection.checkHello(new AgentProtocol.Frame(AgentProtocol.HELLO, b.toByteArray()), "x"));
        assertTrue(e.getMessage().contains("version " + (AgentProtocol.VERSION + 1)) && e.getMessage().contains("version " + AgentProtocol.VERSION),
                e.getMessage());
    }
}
