package dev.ondeck.cli;

import dev.ondeck.adb.Devices;
import dev.ondeck.adb.RemoteProfile;
import dev.ondeck.adb.RemoteSession;
import dev.ondeck.engine.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --device SERIAL} on run and profile: the same work through the agent on a device. */
final class RemoteRun {
    private RemoteRun() {
    }

    /** The backend asked for, or null (the agent's best) when --backend was not given. */
    static String backend(CommandSpec spec, String backend) {
        return spec.commandLine().getParseResult().hasMatchedOption("--backend") ? backend : null;
    }

    static Map<String, Tensor> run(String serial, Path modelPath, Map<String, Tensor> feeds, String backend, PrintWriter out) {
        try (RemoteSession s = Devices.get(serial).newSession(modelPath, backend)) {
            out.println("device " + s.serial() + ": " + s.agentDescription() + ", backend " + s.backendName());
            return s.run(feeds).asMap();
        }
    }

    static RemoteProfile profile(String serial, Path modelPath, Map<String, Tensor> feeds, String backend, int warmup, int runs,
                                 PrintWriter out) {
        try (RemoteSession s = Devices.get(serial).newSession(modelPath, backend)) {
            out.println("device " + s.serial() + ": " + s.agentDescription() + ", backend " + s.backendName());
            return s.profileOnDevice(feeds, warmup, runs);
        }
    }
}
