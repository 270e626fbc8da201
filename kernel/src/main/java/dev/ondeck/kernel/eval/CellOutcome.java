package dev.ondeck.kernel.eval;

import java.util.List;

/** What running one cell produced. */
public sealed interface CellOutcome {

    /** The cell ran; {@code value} is present when its last snippet was an expression worth showing. */
    record Ok(boolean hasValue, Object value, String text) implements CellOutcome {
        /** A cell with nothing to show. */
        public static Ok empty() {
            return new Ok(false, null, "");
        }
    }

    /**
     * The cell failed: a compile error, an exception, or an interrupt.
     *
     * @param ename     exception class name or error kind
     * @param evalue    message
     * @param traceback lines shown to the user
     */
    record Failed(String ename, String evalue, List<String> traceback) implements CellOutcome {
    }
}
