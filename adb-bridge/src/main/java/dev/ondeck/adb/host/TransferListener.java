package dev.ondeck.adb.host;

/** Progress of a push or pull, called after each 64 KiB chunk. */
@FunctionalInterface
public interface TransferListener {
    /** A listener that ignores progress. */
    TransferListener NONE = (done, total) -> { };

    /** {@code total} is -1 when unknown. */
    void progress(long bytesDone, long totalBytes);
}
