package dev.ondeck.kernel.display;

/** Where {@link Display} sends output; the kernel publishes it on iopub for the running request. */
public interface DisplaySink {

    /** Shows {@code bundle} under {@code displayId}; with {@code update}, replaces what that id shows. */
    void display(MimeBundle bundle, String displayId, boolean update);

    /** Clears the cell's output, now or (with {@code wait}) when the next output arrives. */
    void clearOutput(boolean wait);
}
