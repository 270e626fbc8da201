package dev.ondeck.cli;

import dev.ondeck.adb.virtual.VirtualDevice;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck virtual-device start}: a simulated phone for the adb server, in the foreground until stopped. */
@Command(name = "virtual-device", mixinStandardHelpOptions = true,
        description = "A simulated Android device that the real adb server accepts ('adb connect 127.0.0.1:PORT').",
        subcommands = VirtualDeviceCommand.Start.class)
final class VirtualDeviceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Ondeck.USAGE;
    }

    /** Runs a virtual device until Ctrl-C or SIGTERM, then stops it and its child processes. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a virtual device on 127.0.0.1:PORT and keep it running until Ctrl-C or SIGTERM.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "P", description = "Port (default: ${DEFAULT-VALUE}; avoid 5555-5585, adb's emulator range).")
        int port = 6520;

        @Option(names = "--name", paramLabel = "N", description = "Model name shown by 'adb devices -l' (default: ${DEFAULT-VALUE}).")
        String name = "Ondeck_Virtual";

        @Option(names = "--cores", paramLabel = "C", description = "Simulated CPU cores (default: ${DEFAULT-VALUE}).")
        int cores = 8;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            VirtualDevice device = VirtualDevice.start(name, port, cores);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                try {
                    device.close();
                } catch (Exception e) {
                    System.err.println("ondeck: stopping the virtual device: " + e.getMessage());
                } finally {
                    stopped.countDown();
                }
            }, "virtual-device-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("virtual device " + name + " (" + cores + " cores) listening on " + device.address());
            out.println("connect it with: adb connect " + device.address() + "   (stop with Ctrl-C)");
            out.flush();
            stopped.await();
            return 0;
        }
    }
}
