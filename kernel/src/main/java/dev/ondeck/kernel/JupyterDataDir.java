package dev.ondeck.kernel;

import java.nio.file.Path;
import java.util.Locale;

/** Jupyter's per-user data directory, by Jupyter's own rules (where user kernelspecs and our history live). */
public final class JupyterDataDir {
    private JupyterDataDir() {
    }

    /** {@code JUPYTER_DATA_DIR}, else the platform's default (XDG data home on Linux). */
    public static Path forUser() {
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return home.resolve("Library/Jupyter");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData == null ? home.toString() : appData, "jupyter");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".local/share") : Path.of(xdg)).resolve("jupyter");
    }
}
