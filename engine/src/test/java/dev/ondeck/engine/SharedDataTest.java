package dev.ondeck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedDataTest {
    @Test
    void rootHoldsTheMavenWrapper() {
        assertTrue(Files.exists(SharedData.repositoryRoot().resolve("mvnw")), SharedData.repositoryRoot().toString());
    }

    @Test
    void missingDataSkipsOrFailsOnCiWithWhereItLooked() {
        Class<? extends Throwable> expected = SharedData.onCi() ? AssertionFailedError.class : TestAbortedException.class;
        Throwable t = assertThrows(expected, () -> SharedData.require("no/such/folder-4711"));
        assertTrue(t.getMessage().contains("no/such/folder-4711"), t.getMessage());
        assertTrue(t.getMessage().contains("ondeck.shared"), t.getMessage());
    }

    @Test
    void sharedFolderResolvesAgainstTheRoot() {
        String configured = System.getProperty("ondeck.shared", "../shared");
        assertEquals(SharedData.repositoryRoot().resolve(configured).normalize(), SharedData.folder());
    }
}
