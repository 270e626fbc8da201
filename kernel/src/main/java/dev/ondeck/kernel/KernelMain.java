package dev.ondeck.kernel;

import dev.ondeck.kernel.protocol.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;
import sun.misc.Signal;

/** Entry point: {@code java -cp ... dev.ondeck.kernel.KernelMain <connection file>}. */
public final class KernelMain {
    private KernelMain() {
    }

    /** Starts the kernel for the connection file in {@code args[0]} and runs until a shutdown request. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file>");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Logger log = Logger.getLogger("");
        log.info("Ondeck kernel starting with " + args[0]);
        Kernel kernel = Kernel.start(ConnectionInfo.read(Path.of(args[0])));
        Signal.handle(new Signal("INT"), s -> kernel.interrupt());
        kernel.awaitShutdown();
        System.exit(0);
    }
}
