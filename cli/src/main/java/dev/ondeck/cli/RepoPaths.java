package dev.ondeck.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the repository is: system property {@code ondeck.root} (bin/ondeck sets it), else the folder with {@code mvnw} above the working directory. */
final class RepoPaths {
    private RepoPaths() {
    }

    static Path root() {
        String prop = System.getProperty("ondeck.root");
        if (prop != null && !prop.isEmpty()) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        return Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    }
}
