package dev.ondeck.adb.virtual;

import java.io.IOException;

/** A device service behind an OPEN: shell, exec, sync or tcp forwarding. */
interface DeviceService {
    /** Prepares the service; false makes the device refuse the OPEN (CLSE), as adbd does for a failed connect. */
    default boolean open() throws IOException {
        return true;
    }

    /** Serves the stream until done; the stream is closed afterwards. */
    void serve(DeviceStream stream) throws IOException;

    /** Releases what {@link #open()} or {@link #serve} acquired (sockets, child processes). */
    default void release() {
    }
}
