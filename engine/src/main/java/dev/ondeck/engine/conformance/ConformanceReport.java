package dev.ondeck.engine.conformance;

import dev.ondeck.engine.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A conformance run's results as a file: JSON ({@code .json}: backend, tolerance, counts and one object per
 * case) or text (anything else: one line per case, then the counts line). The list of passing cases in
 * either form is the backend's support matrix.
 */
public final class ConformanceReport {
    private final String backend;
    private final Tolerance tolerance;
    private final List<CaseResult> results;

    public ConformanceReport(String backend, Tolerance tolerance, List<CaseResult> results) {
        this.backend = backend;
        this.tolerance = tolerance;
        this.results = results;
    }

    public long count(CaseResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** {@code N passed, N failed, N skipped}. */
    public String summary() {
        return count(CaseResult.Status.PASSED) + " passed, " + count(CaseResult.Status.FAILED) + " failed, "
                + count(CaseResult.Status.SKIPPED) + " skipped";
    }

    /** Writes JSON when the file name ends in {@code .json}, else text. */
    public void write(Path file) throws IOException {
        String body = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? toJson() : toText();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, body.getBytes(StandardCharsets.UTF_8));
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (CaseResult r : results) {
            sb.append(r).append('\n');
        }
        return sb.append(summary()).append('\n').toString();
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"backend\": ").append(Json.str(backend)).append(",\n");
        sb.append("  \"tolerance\": ").append(Json.str(tolerance.name().toLowerCase(Locale.ROOT))).append(",\n");
        sb.append("  \"passed\": ").append(count(CaseResult.Status.PASSED)).append(",\n");
        sb.append("  \"failed\": ").append(count(CaseResult.Status.FAILED)).append(",\n");
        sb.append("  \"skipped\": ").append(count(CaseResult.Status.SKIPPED)).append(",\n");
        sb.append("  \"cases\": [");
        for (int i = 0; i < results.size(); i++) {
            CaseResult r = results.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(Json.str(r.name()))
                    .append(", \"status\": ").append(Json.str(r.status().name().toLowerCase(Locale.ROOT)))
                    .append(", \"millis\": ").append(r.millis())
                    .append(", \"max_abs_error\": ").append(Json.num(r.maxAbsError()))
                    .append(", \"detail\": ").append(Json.str(r.detail())).append('}');
        }
        return sb.append(results.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
    }
}
