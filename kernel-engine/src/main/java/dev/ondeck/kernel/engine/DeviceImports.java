package dev.ondeck.kernel.engine;

import dev.ondeck.kernel.eval.ImportProvider;
import java.util.List;

/** Imports the adb bridge's public API, so a cell can write {@code Devices.get(serial).newSession(model, backend)}. */
public final class DeviceImports implements ImportProvider {

    @Override
    public List<String> imports() {
        return List.of("import dev.ondeck.adb.*;");
    }
}
