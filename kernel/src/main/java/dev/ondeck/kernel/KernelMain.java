package dev.ondeck.kernel;

import dev.ondeck.kernel.protocol.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

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
        // SIGINT interrupts the running cell and is never fatal: handled before anything else starts
        AtomicReference<Kernel> started = new AtomicReference<>();
        SignalHandler before = Signal.handle(new Signal("INT"), s -> {
            Kernel k = started.get();
            if (k != null) {
                k.interrupt();
            }
        });
        System.setProperty("java.awt.headless", "true");
        Logger log = Logger.getLogger("");
        if (before == SignalHandler.SIG_IGN) {
            // the JVM keeps a SIGINT its parent ignored (nohup, a background job without job control) ignored
            log.warning("SIGINT is ignored in this process (inherited from its parent), so kill -INT does not"
                    + " interrupt cells; interrupt_request on the control channel does");
        }
        log.info("Ondeck kernel starting with " + args[0]);
        Kernel kernel = Kernel.start(ConnectionInfo.read(Path.of(args[0])));
        started.set(kernel);
        exitWithParent(System.getenv("JPY_PARENT_PID"));
        kernel.awaitShutdown();
        System.exit(0);
    }

    /** Exits when the front end that started the kernel (JPY_PARENT_PID, set by jupyter_client) dies. */
    private static void exitWithParent(String pid) {
        if (pid == null || !pid.matches("\\d+") || Long.parseLong(pid) <= 1) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(parent -> parent.onExit().thenRun(() -> {
            Logger.getLogger("").warning("parent process " + pid + " exited; the kernel exits too");
            Runtime.getRuntime().halt(0);
        }));
    }
}
