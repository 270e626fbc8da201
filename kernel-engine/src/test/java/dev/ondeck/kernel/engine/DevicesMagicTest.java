package dev.ondeck.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.adb.AdbServerFixture;
import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.AdbException;
import dev.ondeck.adb.virtual.VirtualDevice;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.magic.MagicException;
import dev.ondeck.kernel.magic.MagicRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code %devices} against the real adb server with a virtual phone and an unauthorized one. */
class DevicesMagicTest {
    @Test
    void isFoundThroughServiceLoader() {
        MagicRegistry magics = MagicRegistry.loadAll(getClass().getClassLoader());
        assertInstanceOf(DevicesMagic.class, magics.find("devices").orElseThrow());
    }

    @Test
    void listsDevicesWithTheirFactsAsAnHtmlTable() throws Exception {
        try (AdbServerFixture server = AdbServerFixture.start();
             VirtualDevice phone = VirtualDevice.start("Pixel_Virtual", AdbServerFixture.freePort(), 8);
             VirtualDevice locked = VirtualDevice.start("Locked", AdbServerFixture.freePort(), 2)) {
            locked.refuseAuthorization(true);
            AdbClient adb = server.client();
            adb.connect(phone.address());
            try {
                adb.connect(locked.address());
            } catch (AdbException e) {
                assertTrue(e.getMessage().contains("authenticate"), e.getMessage());
            }
            waitForState(adb, phone.address(), "device");
            waitForState(adb, locked.address(), "unauthorized");

            CellOutcome out = new DevicesMagic(server::client).run("", null, null);
            MimeBundle bundle = (MimeBundle) ((CellOutcome.Ok) out).value();
            String html = (String) bundle.data().get("text/html");
            assertTrue(html.startsWith("<table><tr><th>serial</th><th>state</th><th>model</th><th>ABI</th>"), html);
            assertTrue(html.contains("<tr><td>" + phone.address() + "</td><td>device</td><td>Pixel_Virtual</td><td>x86_64</td>"
                    + "<td>34</td><td>8</td><td>4x1800 4x2400</td><td>"), html);
            assertTrue(html.contains("cpu-big 41.5"), html);
            assertTrue(html.contains("<td>" + locked.address() + "</td><td>unauthorized</td>"), html);
            assertTrue(html.contains("Allow USB debugging"), "says what to do: " + html);
            assertTrue(((String) bundle.data().get("text/plain")).contains(phone.address()));
            adb.disconnect(phone.address());
            adb.disconnect(locked.address());
        }
    }

    @Test
    void withoutAnAdbServerSaysHowToStartOne() throws Exception {
        int closed = AdbServerFixture.freePort();
        MagicException e = assertThrows(MagicException.class,
                () -> new DevicesMagic(() -> new AdbClient("127.0.0.1", closed)).run("", null, null));
        assertTrue(e.getMessage().contains("adb start-server"), e.getMessage());
    }

    @Test
    void refusesArguments() {
        MagicException e = assertThrows(MagicException.class, () -> new DevicesMagic().run("-l", null, null));
        assertEquals("usage: %devices (no arguments)", e.getMessage());
    }

    private static void waitForState(AdbClient adb, String serial, String state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (adb.devices().stream().noneMatch(d -> d.serial().equals(serial) && d.state().equals(state))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(serial + " did not become " + state + ": " + adb.devices());
            }
            Thread.sleep(20);
        }
    }
}
