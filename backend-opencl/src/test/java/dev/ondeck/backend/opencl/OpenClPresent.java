package dev.ondeck.backend.opencl;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards tests that need an OpenCL platform: without one they are skipped with the reason, except on CI
 * ({@code CI=true}, where PoCL is installed by test.sh), where its absence fails them.
 */
final class OpenClPresent {
    private OpenClPresent() {
    }

    static void require() {
        String why = ClContext.unavailableReason();
        if (why == null) {
            return;
        }
        String msg = "no usable OpenCL platform: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(msg + "; CI=true, so this is a failure (test.sh installs pocl-opencl-icd)");
        }
        Assumptions.abort(msg + "; skipping");
    }
}
