package dev.ondeck.cli;

import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * ONNX Runtime for {@code bench --vs-ort}, loaded from the build's benchmark class path
 * ({@code benchmarks/target/ort/}: the onnxruntime jar and the benchmarks module's adapter
 * {@code dev.ondeck.bench.ort.OrtRunner}) through its own class loader, so that nothing the CLI ships
 * contains or links ONNX Runtime. The adapter sees the engine through the CLI's class loader.
 */
final class OrtBaseline implements AutoCloseable {
    /** The adapter class in benchmarks (see its Javadoc for the contract). */
    static final String ADAPTER = "dev.ondeck.bench.ort.OrtRunner";
    private final URLClassLoader loader;
    private final Consumer<Map<String, Tensor>> runner;

    private OrtBaseline(URLClassLoader loader, Consumer<Map<String, Tensor>> runner) {
        this.loader = loader;
        this.runner = runner;
    }

    /** Where the build puts ONNX Runtime and the adapter. */
    static Path folder() {
        return RepoPaths.root().resolve("benchmarks/target/ort");
    }

    /** True when the build has put ONNX Runtime and the adapter in {@link #folder()}. */
    static boolean available() {
        return jars(folder()).size() >= 2;
    }

    /** An ONNX Runtime session on {@code model} with all graph optimisations and {@code threads} intra-op threads. */
    @SuppressWarnings("unchecked")
    static OrtBaseline open(Path model, int threads) throws IOException {
        List<Path> jars = jars(folder());
        if (jars.size() < 2) {
            throw new OndeckException("--vs-ort needs ONNX Runtime from the build's benchmark class path, but "
                    + folder() + " lacks the onnxruntime jar or ondeck-ort-adapter.jar; build it with"
                    + " ./mvnw -q -pl benchmarks -am package -DskipTests (it downloads onnxruntime " + "from Maven Central)");
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        URLClassLoader loader = new URLClassLoader(urls, OrtBaseline.class.getClassLoader());
        try {
            Object runner = loader.loadClass(ADAPTER).getConstructor(Path.class, int.class).newInstance(model, threads);
            return new OrtBaseline(loader, (Consumer<Map<String, Tensor>>) runner);
        } catch (InvocationTargetException e) {
            loader.close();
            throw new OndeckException("ONNX Runtime could not load " + model + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            loader.close();
            throw new OndeckException("the ONNX Runtime adapter in " + folder() + " does not load (" + e
                    + "); rebuild it with ./mvnw -q -pl benchmarks -am package -DskipTests", e);
        }
    }

    private static List<Path> jars(Path dir) {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(found::add);
            } catch (IOException e) {
                return found;
            }
        }
        boolean ort = found.stream().anyMatch(p -> p.getFileName().toString().startsWith("onnxruntime"));
        boolean adapter = found.stream().anyMatch(p -> p.getFileName().toString().contains("ort-adapter"));
        return ort && adapter ? found : new ArrayList<>();
    }

    /** One run on these inputs. */
    void run(Map<String, Tensor> inputs) {
        runner.accept(inputs);
    }

    /** "onnxruntime VERSION". */
    String version() {
        return runner.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            ((AutoCloseable) runner).close();
        } finally {
            loader.close();
        }
    }
}
