package dev.ondeck.cli;

import dev.ondeck.adb.Devices;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck pull --device SERIAL REMOTE LOCAL}. */
@Command(name = "pull", mixinStandardHelpOptions = true, description = "Copy a file from a device (sync protocol).")
final class PullCommand implements Callable<Integer> {
    @Option(names = {"-d", "--device"}, paramLabel = "SERIAL", description = "Device serial (default: the only device).")
    String device;

    @Parameters(index = "0", paramLabel = "REMOTE")
    String remote;

    @Parameters(index = "1", paramLabel = "LOCAL")
    Path local;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path target = Files.isDirectory(local) ? local.resolve(remote.substring(remote.lastIndexOf('/') + 1)) : local;
        long start = System.nanoTime();
        Devices.get(device).pull(remote, target, (done, total) -> { });
        double s = (System.nanoTime() - start) / 1e9;
        long size = Files.size(target);
        out.printf(Locale.ROOT, "%s: 1 file pulled, %d bytes in %.3f s (%.1f MB/s)%n", remote, size, s, size / 1e6 / s);
        return 0;
    }
}
