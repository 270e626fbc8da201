package dev.ondeck.engine.conformance;

/**
 * The outcome of one backend-test case.
 *
 * @param name case folder name
 * @param status passed, failed or skipped
 * @param detail why it failed or was skipped; the worst error when it passed
 * @param maxAbsError largest absolute error over all outputs (NaN when not compared)
 * @param millis wall time of load + runs
 */
public final class CaseResult {
    /** Outcome of a case. */
    public enum Status { PASSED, FAILED, SKIPPED }

    private final String name;
    private final Status status;
    private final String detail;
    private final double maxAbsError;
    private final long millis;

    public CaseResult(String name, Status status, String detail, double maxAbsError, long millis) {
        this.name = name;
        this.status = status;
        this.detail = detail;
        this.maxAbsError = maxAbsError;
        this.millis = millis;
    }

    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public double maxAbsError() {
        return maxAbsError;
    }

    public long millis() {
        return millis;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%-7s %s%s", status, name, detail.isEmpty() ? "" : "  " + detail);
    }
}
