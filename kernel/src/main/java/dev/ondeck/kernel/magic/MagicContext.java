package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;
import java.util.List;

/** What a magic may do with the running kernel. */
public interface MagicContext {

    /** Runs Java code in the session as part of the current cell. */
    CellOutcome eval(String code);

    /** Runs cell source that may itself contain magics. */
    CellOutcome runCell(String source);

    /** Shows {@code text} in the front end's pager (a {@code page} payload). */
    void page(String text);

    /** Adds a jar or directory to the session's class path. */
    void addToClasspath(String entry);

    /** The session's class path. */
    List<String> classpath();

    /** All registered magics. */
    MagicRegistry magics();
}
