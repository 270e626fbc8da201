package dev.ondeck.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to the shared test data (ONNX backend cases, models): the folder named by the system property
 * {@code ondeck.shared} (default {@code ../shared}), resolved against the repository root (system property
 * {@code ondeck.root}, else the nearest folder above the working directory that holds {@code mvnw}). When
 * data is missing, tests are skipped with a message saying what and where, except under {@code CI=true},
 * where missing data fails the test.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The repository root. */
    public static Path repositoryRoot() {
        String prop = System.getProperty("ondeck.root");
        if (prop != null && !prop.isEmpty()) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        Path p = Paths.get("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.exists(q.resolve("mvnw"))) {
                return q;
            }
        }
        return p;
    }

    /** The shared data folder (may not exist). */
    public static Path folder() {
        return repositoryRoot().resolve(System.getProperty("ondeck.shared", "../shared")).normalize();
    }

    /** A path inside the shared data folder; skips the test (fails it under CI=true) when absent. */
    public static Path require(String relative) {
        Path p = folder().resolve(relative);
        if (!Files.exists(p)) {
            String msg = "shared test data missing: " + p + " (set -Dondeck.shared=DIR; default ../shared beside the checkout)";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return p;
    }
}
