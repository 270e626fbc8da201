package dev.ondeck.adb.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's ondeck-agent.jar: dex plus class files plus the engine's service files, readable by dexdump. */
class AgentJarTest {
    static final String RESOURCE = "/dev/ondeck/adb/ondeck-agent.jar";

    @Test
    void jarHoldsDexClassesAndServices() throws Exception {
        Set<String> names = new HashSet<>();
        try (InputStream in = AgentJarTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "the build did not produce " + RESOURCE);
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    names.add(e.getName());
                }
            }
        }
        assertTrue(names.contains("classes.dex"), "classes.dex");
        assertTrue(names.contains("dev/ondeck/adb/agent/AgentMain.class"));
        assertTrue(names.contains("dev/ondeck/engine/Model.class"));
        assertTrue(names.contains("META-INF/services/dev.ondeck.engine.backend.Backend"));
        assertTrue(names.stream().noneMatch(n -> n.startsWith("dev/ondeck/adb/host/") || n.startsWith("dev/ondeck/adb/virtual/")),
                "host-only classes must stay out of the agent");
    }

    @Test
    void dexdumpReadsTheDex(@TempDir Path tmp) throws Exception {
        Path dexdump = Path.of("/usr/bin/dexdump");
        if (!Files.isExecutable(dexdump)) {
            String msg = "dexdump is not installed (apt-get install dexdump): cannot check the agent's dex";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            Assumptions.assumeTrue(false, msg);
        }
        Path jar = tmp.resolve("ondeck-agent.jar");
        try (InputStream in = AgentJarTest.class.getResourceAsStream(RESOURCE)) {
            Files.copy(in, jar);
        }
        Process p = new ProcessBuilder(dexdump.toString(), jar.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out.length() > 2000 ? out.substring(0, 2000) : out);
        assertTrue(out.contains("Class descriptor  : 'Ldev/ondeck/adb/agent/AgentMain;'"), "AgentMain in the dex");
        assertTrue(out.contains("Class descriptor  : 'Ldev/ondeck/engine/Session;'"), "engine core in the dex");
    }
}
