package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;

/**
 * A {@code %name args} line magic or {@code %%name args} cell magic. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.ondeck.kernel.magic.Magic}).
 */
public interface Magic {

    /** The name after the percent sign. */
    String name();

    /** One line of help, e.g. {@code %maven g:a:v — resolve an artifact from Maven Central}. */
    String synopsis();

    /**
     * Runs the magic.
     *
     * @param args the rest of the magic's line
     * @param body the cell's remaining lines for a cell magic, or null for a line magic
     * @param ctx  the running kernel
     * @return what the cell shows: a value, nothing, or an error
     * @throws MagicException for bad arguments or a failed action
     */
    CellOutcome run(String args, String body, MagicContext ctx) throws MagicException;
}
