package dev.ondeck.kernel.eval;

import java.util.List;

/**
 * Default imports for every session, contributed by extensions through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.ondeck.kernel.eval.ImportProvider}).
 */
public interface ImportProvider {

    /** Import declarations, e.g. {@code import java.nio.file.*;}. */
    List<String> imports();
}
