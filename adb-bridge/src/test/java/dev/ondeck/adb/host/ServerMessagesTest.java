package dev.ondeck.adb.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How server replies map to typed errors and values, without a server. */
class ServerMessagesTest {
    @Test
    void transportFailuresBecomeTypedErrorsThatSayWhatToDo() {
        DeviceUnavailableException offline = (DeviceUnavailableException) AdbClient.transportError("X", "device offline");
        assertEquals("offline", offline.state());
        assertTrue(offline.getMessage().contains("adb reconnect"), offline.getMessage());
        DeviceUnavailableException unauthorized = (DeviceUnavailableException) AdbClient.transportError("X",
                "device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set");
        assertEquals("unauthorized", unauthorized.state());
        assertTrue(unauthorized.getMessage().contains("Allow USB debugging"));
        assertEquals("ambiguous", ((DeviceUnavailableException) AdbClient.transportError(null, "more than one device/emulator")).state());
        assertEquals("not found", ((DeviceUnavailableException) AdbClient.transportError("Y", "device 'Y' not found")).state());
    }

    @Test
    void devicesLongFormat() {
        List<DeviceEntry> list = AdbClient.parseDevices(
                "127.0.0.1:27203        device product:fakeprod model:Fake_Phone_X device:fakedev transport_id:7\n"
                        + "0123456789ABCDEF       unauthorized usb:1-1 transport_id:8\n");
        assertEquals(2, list.size());
        assertEquals("Fake_Phone_X", list.get(0).model());
        assertEquals("7", list.get(0).properties().get("transport_id"));
        assertEquals("unauthorized", list.get(1).state());
    }

    @Test
    void getpropAndCpuRanges() {
        assertEquals("arm64-v8a", DeviceFacts.parseGetprop("[ro.product.cpu.abi]: [arm64-v8a]\n[ro.build.version.sdk]: [34]\n")
                .get("ro.product.cpu.abi"));
        assertEquals(8, DeviceFacts.parseCpuRange("0-7\n"));
        assertEquals(6, DeviceFacts.parseCpuRange("0-3,6-7"));
        assertEquals(1, DeviceFacts.parseCpuRange("0"));
        assertEquals(41.5, DeviceFacts.milliToCelsius(41500), 1e-9);
        assertEquals(38.0, DeviceFacts.milliToCelsius(38), 1e-9);
    }
}
