package dev.ondeck.kernel;

import dev.ondeck.kernel.install.KernelInstaller;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Jupyter server (jupyter_server or the classic Notebook) run hermetically by Debian's python3: its own
 * config, data and runtime folders, our kernelspec installed with {@link KernelInstaller} into a temporary
 * prefix on {@code JUPYTER_PATH}, token auth and a free port on 127.0.0.1.
 */
final class JupyterServer implements AutoCloseable {
    /** Which server application to run. */
    enum App {
        /** {@code jupyter_server}, the server JupyterLab runs on. */
        SERVER("jupyter_server", "--ServerApp."),
        /** The classic Notebook 6 server with its web UI. */
        NOTEBOOK("notebook", "--NotebookApp.");

        final String module;
        final String options;

        App(String module, String options) {
            this.module = module;
            this.options = options;
        }
    }

    final String url;
    final String token = UUID.randomUUID().toString();
    final Path home;
    final Path root;
    private final Process process;

    private JupyterServer(App app, String kernelName) throws IOException {
        home = Files.createTempDirectory("ondeck-jupyter-server");
        root = Files.createDirectories(home.resolve("root"));
        KernelInstaller.install(KernelProcess.spec(kernelName), new KernelInstaller.Target.Prefix(home.resolve("prefix")));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port + "/";
        List<String> argv = new ArrayList<>(List.of(ConformanceSuiteTest.PYTHON, "-m", app.module, "--no-browser",
                "--ip=127.0.0.1", "--port=" + port, "--port-retries=0", "--allow-root",
                app.options + "token=" + token, app.options + (app == App.SERVER ? "root_dir=" : "notebook_dir=") + root));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("server.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", home.resolve("prefix/share/jupyter").toString());
        env.put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
        env.put("JUPYTER_DATA_DIR", home.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        env.put("JUPYTER_PLATFORM_DIRS", "1");
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        process = pb.start();
    }

    /** Starts {@code app} with a kernelspec named {@code kernelName}; returns once its REST API answers. */
    static JupyterServer start(App app, String kernelName) throws Exception {
        JupyterServer server = new JupyterServer(app, kernelName);
        try {
            server.awaitReady();
            return server;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create(url + "api/status?token=" + token)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the Jupyter server exited:\n" + log());
            }
            try {
                if (http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the Jupyter server did not answer within 60 s:\n" + log());
    }

    String log() throws IOException {
        return Files.readString(home.resolve("server.log"));
    }

    /**
     * Stops the server (SIGTERM: it shuts its kernels down), kills it if it lingers, and deletes its folders
     * (the browser profile among them).
     */
    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
