package dev.ondeck.kernel.engine;

import dev.ondeck.adb.Device;
import dev.ondeck.adb.Devices;
import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.AdbException;
import dev.ondeck.adb.host.DeviceFacts;
import dev.ondeck.adb.host.DeviceUnavailableException;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.magic.Magic;
import dev.ondeck.kernel.magic.MagicContext;
import dev.ondeck.kernel.magic.MagicException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code %devices}: the Android devices the adb server knows (ADB_SERVER_SOCKET, ANDROID_ADB_SERVER_PORT,
 * default localhost:5037) as an HTML table: serial, state, model, ABI, SDK, cores with their max frequencies,
 * temperatures; for a device that cannot be used, what to do. Open one with {@code Devices.get(serial)}.
 */
public final class DevicesMagic implements Magic {
    private final Supplier<AdbClient> adb;

    public DevicesMagic() {
        this(AdbClient::fromEnvironment);
    }

    DevicesMagic(Supplier<AdbClient> adb) {
        this.adb = adb;
    }

    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String synopsis() {
        return "%devices: Android devices behind the adb server, with ABI, SDK, cores, frequencies and temperatures";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        if (!args.isBlank() || body != null) {
            throw new MagicException("usage: %devices (no arguments)");
        }
        List<Device> devices;
        try {
            devices = Devices.list(adb.get());
        } catch (AdbException e) {
            throw new MagicException(e.getMessage(), e);
        }
        StringBuilder html = new StringBuilder("<table>");
        html.append(Html.row(true, "serial", "state", "model", "ABI", "SDK", "cores", "max MHz", "temperatures °C", "note"));
        StringBuilder text = new StringBuilder();
        for (Device d : devices) {
            Object[] cells = cells(d);
            html.append(Html.row(false, cells));
            text.append(String.format(Locale.ROOT, "%-24s %-13s %s%n", cells[0], cells[1], cells[2]));
        }
        html.append("</table>");
        if (devices.isEmpty()) {
            String none = "no devices attached: connect a phone with USB debugging on, or start one with"
                    + " 'ondeck virtual-device start' and 'adb connect 127.0.0.1:PORT'";
            html.append("<p>").append(Html.escape(none)).append("</p>");
            text.append(none).append('\n');
        }
        MimeBundle bundle = MimeBundle.of("text/html", html.toString()).put("text/plain", text.toString());
        return new CellOutcome.Ok(true, bundle, text.toString());
    }

    private static Object[] cells(Device d) {
        String model = d.entry().properties().getOrDefault("model", "");
        if (!d.entry().isOnline()) {
            String note = new DeviceUnavailableException(d.serial(), d.state(), null).getMessage();
            return new Object[] {d.serial(), d.state(), model, "", "", "", "", "", note};
        }
        try {
            DeviceFacts f = d.facts();
            return new Object[] {d.serial(), d.state(), f.model() != null ? f.model() : model, f.abi(), f.sdk(), f.cores(),
                    frequencies(f.maxFrequenciesKHz()), temperatures(f), ""};
        } catch (AdbException e) {
            return new Object[] {d.serial(), d.state(), model, "", "", "", "", "", e.getMessage()};
        }
    }

    /** Cores grouped by max frequency, e.g. {@code 4x1800 4x2400}. */
    static String frequencies(long[] khz) {
        Map<Long, Integer> byFreq = new TreeMap<>();
        for (long k : khz) {
            byFreq.merge(k, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, Integer> e : byFreq.entrySet()) {
            sb.append(sb.length() == 0 ? "" : " ").append(e.getValue()).append('x')
                    .append(e.getKey() < 0 ? "?" : Long.toString(e.getKey() / 1000));
        }
        return sb.toString();
    }

    private static String temperatures(DeviceFacts f) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : f.thermalCelsius().entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        if (!Double.isNaN(f.batteryCelsius())) {
            sb.append(sb.length() == 0 ? "" : ", ").append("battery ").append(f.batteryCelsius());
        }
        return sb.toString();
    }
}
