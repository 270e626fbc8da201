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

/** {@code ondeck push --device SERIAL LOCAL REMOTE}. */
@Command(name = "push", mixinStandardHelpOptions = true, description = "Copy a file to a device (sync protocol, 64 KiB chunks).")
final class PushCommand implements Callable<Integer> {
    @Option(names = {"-d", "--device"}, paramLabel = "SERIAL", description = "Device serial (default: the only device).")
    String device;

    @Parameters(index = "0", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "1", paramLabel = "REMOTE")
    String remote;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(local)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no file " + local);
        }
        long start = System.nanoTime();
        ProgressLine progress = ProgressLine.bytes(spec.commandLine().getErr(), "push " + local.getFileName());
        Devices.get(device).push(local, remote, (done, total) -> progress.progress("", done, total));
        double s = (System.nanoTime() - start) / 1e9;
        long size = Files.size(local);
        out.printf(Locale.ROOT, "%s: 1 file pushed, %d bytes in %.3f s (%.1f MB/s)%n", local, size, s, size / 1e6 / s);
        return 0;
    }
}
