package dev.ondeck.kernel.io;

import java.io.IOException;

/** Supplies lines typed by the user, e.g. by sending {@code input_request} to the front end. */
@FunctionalInterface
public interface InputSource {

    /** Blocks until the user has entered one line (without its newline). */
    String readLine(String prompt, boolean password) throws IOException;
}
