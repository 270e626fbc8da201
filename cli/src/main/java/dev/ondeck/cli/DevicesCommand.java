package dev.ondeck.cli;

import dev.ondeck.adb.Device;
import dev.ondeck.adb.Devices;
import dev.ondeck.adb.host.DeviceUnavailableException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck devices}: the devices the adb server knows, with state and model. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List Android devices (and virtual devices) known to the adb server at ADB_SERVER_SOCKET, "
                + "ANDROID_ADB_SERVER_PORT or localhost:5037.")
final class DevicesCommand implements Callable<Integer> {
    @Option(names = {"-l", "--facts"}, description = "Also read each online device's facts (ABI, SDK, cores, max frequencies, temperatures).")
    boolean facts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Device> devices = Devices.list();
        if (devices.isEmpty()) {
            out.println("no devices attached (connect a phone with USB debugging, or start one with 'ondeck virtual-device start'"
                    + " and 'adb connect 127.0.0.1:PORT')");
        }
        for (Device d : devices) {
            out.printf("%-24s %-13s %s%n", d.serial(), d.state(), d.entry().properties());
            if (!d.entry().isOnline()) {
                out.println("    " + new DeviceUnavailableException(d.serial(), d.state(), null).getMessage());
            } else if (facts) {
                out.println("    " + d.facts());
            }
        }
        return 0;
    }
}
