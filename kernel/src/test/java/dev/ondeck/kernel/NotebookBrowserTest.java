package dev.ondeck.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classic Notebook web UI, served by a hermetic {@link JupyterServer}, in Debian's Chromium driven by
 * {@code playwright-core} ({@code src/test/lab/notebook-browser.mjs}): Cell > Run All on
 * {@code src/test/notebooks/browser.ipynb}, then its outputs are checked in the DOM. Without Node, the npm
 * packages, the Notebook server or Chromium it skips with a message, except under {@code CI=true}.
 */
class NotebookBrowserTest {

    @Test
    void notebookWebUiRunsAllCellsInChromium() throws Exception {
        NodeScripts.requireNode("playwright-core");
        ConformanceSuiteTest.requirePython("notebook", "jupyter-notebook");
        NodeScripts.require(new File("/usr/bin/chromium").canExecute(), "/usr/bin/chromium is missing; apt-get install -y chromium");
        try (JupyterServer server = JupyterServer.start(JupyterServer.App.NOTEBOOK, "ondeck")) {
            Files.copy(Path.of("src/test/notebooks/browser.ipynb"), server.root.resolve("browser.ipynb"));
            Path profile = Files.createDirectories(server.home.resolve("chromium-profile"));
            NodeScripts.run(server, "notebook-browser.mjs", Map.of("ONDECK_KERNEL_NAME", "ondeck",
                    "ONDECK_NOTEBOOK", "browser.ipynb", "ONDECK_PROFILE_DIR", profile.toString()));
        }
    }
}
