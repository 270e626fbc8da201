package dev.ondeck.adb.build;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.OutputMode;
import com.android.tools.r8.origin.Origin;
import dev.ondeck.engine.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Build step: packages the device agent as {@code ondeck-agent.jar}: the agent package and the engine core,
 * dexed by D8 ({@code --min-api 26}) into {@code classes.dex}, plus the same {@code .class} files (which the
 * virtual device runs) and the engine's resources ({@code META-INF/services} for its backends).
 * Usage: {@code AgentPackager CLASSES_DIR OUTPUT_JAR}, with D8 and the engine on the class path.
 */
public final class AgentPackager {
    private static final String AGENT_PACKAGE = "dev/ondeck/adb/agent/";

    private AgentPackager() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AgentPackager CLASSES_DIR OUTPUT_JAR");
            System.exit(2);
        }
        Path classes = Paths.get(args[0]);
        Path jar = Paths.get(args[1]);
        Map<String, byte[]> entries = new TreeMap<>();
        collect(classes, entries, true);
        collect(engineLocation(), entries, false);
        Path dexDir = Files.createTempDirectory("ondeck-d8-");
        try {
            dex(entries, dexDir);
            try (Stream<Path> dexes = Files.list(dexDir)) {
                for (Path d : (Iterable<Path>) dexes::iterator) {
                    entries.put(d.getFileName().toString(), Files.readAllBytes(d));
                }
            }
            write(jar, entries);
        } finally {
            try (Stream<Path> walk = Files.walk(dexDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println("ondeck-agent.jar: " + entries.size() + " entries, " + Files.size(jar) + " bytes -> " + jar);
    }

    private static Path engineLocation() throws URISyntaxException {
        return Paths.get(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Adds class files and resources of a folder or jar; {@code agentOnly} keeps only the agent package. */
    private static void collect(Path location, Map<String, byte[]> into, boolean agentOnly) throws IOException {
        if (Files.isDirectory(location)) {
            collectTree(location, into, agentOnly);
        } else {
            try (FileSystem zip = FileSystems.newFileSystem(location, (ClassLoader) null)) {
                collectTree(zip.getPath("/"), into, agentOnly);
            }
        }
    }

    private static void collectTree(Path root, Map<String, byte[]> into, boolean agentOnly) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String name = root.relativize(p).toString().replace('\\', '/');
                boolean keep = agentOnly ? name.startsWith(AGENT_PACKAGE) && name.endsWith(".class")
                        : !name.equals("META-INF/MANIFEST.MF") && !name.startsWith("META-INF/maven/");
                if (keep) {
                    into.put(name, Files.readAllBytes(p));
                }
            }
        }
    }

    private static void dex(Map<String, byte[]> entries, Path out) throws CompilationFailedException, IOException {
        D8Command.Builder b = D8Command.builder()
                .setMinApiLevel(26)
                .setMode(CompilationMode.RELEASE)
                .setOutput(out, OutputMode.DexIndexed);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().endsWith(".class") && !e.getKey().endsWith("module-info.class")) {
                b.addClassProgramData(e.getValue(), Origin.unknown());
            }
        }
        D8.run(b.build());
    }

    private static void write(Path jar, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nMain-Class: dev.ondeck.adb.agent.AgentMain\nCreated-By: Ondeck AgentPackager\n\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

}
