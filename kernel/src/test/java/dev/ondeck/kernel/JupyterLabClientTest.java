package dev.ondeck.kernel;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JupyterLab's wire behaviour: its client library {@code @jupyterlab/services}, driven from Node
 * ({@code src/test/lab/lab-client.mjs}), runs the kernel through a hermetic {@link JupyterServer}
 * ({@code jupyter_server}, what Lab runs on). Needs {@code npm ci} in {@code src/test/lab} (test.sh does it);
 * without Node, the npm packages or the server it skips with a message, except under {@code CI=true}.
 */
class JupyterLabClientTest {

    @Test
    void jupyterLabClientLibraryDrivesTheKernelThroughJupyterServer() throws Exception {
        NodeScripts.requireNode("@jupyterlab/services", "ws");
        ConformanceSuiteTest.requirePython("jupyter_server", "python3-jupyter-server");
        try (JupyterServer server = JupyterServer.start(JupyterServer.App.SERVER, "ondeck")) {
            NodeScripts.run(server, "lab-client.mjs", Map.of("ONDECK_KERNEL_NAME", "ondeck"));
        }
    }
}
