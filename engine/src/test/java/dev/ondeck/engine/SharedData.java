package dev.ondeck.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared test-data folder (ONNX backend cases, real models): system property {@code ondeck.shared}
 * (default {@code ../shared}) resolved against the repository root (system property {@code ondeck.root},
 * which the parent pom's surefire configuration passes; else the folder holding {@code mvnw} above the
 * working directory). When the data is missing a test is skipped with a message saying where it looked,
 * except on CI (environment {@code CI=true}), where missing data fails the test.
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
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        return start;
    }

    /** The shared folder as configured (it may not exist). */
    public static Path folder() {
        return repositoryRoot().resolve(System.getProperty("ondeck.shared", "../shared")).normalize();
    }

    /**
     * {@code relative} inside the shared folder; skips the calling test when it is missing (fails on CI).
     */
    public static Path require(String relative) {
        Path p = folder().resolve(relative).normalize();
        if (!Files.exists(p)) {
            String msg = "shared test data '" + relative + "' not found at " + p + " (ondeck.shared="
                    + System.getProperty("ondeck.shared", "../shared") + " resolved against ondeck.root="
                    + repositoryRoot() + "); pass -Dondeck.shared=DIR to point at it";
            if (onCi()) {
                Assertions.fail(msg + "; CI=true, so missing data is a failure");
            }
            Assumptions.abort(msg + "; skipping");
        }
        return p;
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
